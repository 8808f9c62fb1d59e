//! [`FieldError`]: the one error every bad input value gets, whichever layer
//! checks it (a pipeline spec, run options, simulation options) and wherever
//! it shows (the CLI names the flag, the page flags the form field, JS
//! callers read `err.field`). The shared validators write every range
//! message the same way.

use std::fmt::Display;

/// A bad value: the field at fault and what is wrong, what is allowed and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    /// The field, as the input spells it: `files`, `latency.roll`, `workers`.
    pub field: String,
    /// What is wrong, with the allowed range and the reason for it.
    pub message: String,
}

impl FieldError {
    /// An error on `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// `Ok` when the whole number `value` is in `lo..=hi`; else an error naming
/// `field`, the range, the value and `why` (a reason in parentheses, or "").
pub fn count_in<T: PartialOrd + Display>(
    field: &str,
    value: T,
    (lo, hi): (T, T),
    why: &str,
) -> Result<(), FieldError> {
    if lo <= value && value <= hi {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!("must be between {lo} and {hi}, got {value}{}", reason(why)),
        ))
    }
}

/// `Ok` when `value` is a finite number in `lo..=hi`; else an error like
/// [`count_in`]'s.
pub fn number_in(
    field: &str,
    value: f64,
    (lo, hi): (f64, f64),
    why: &str,
) -> Result<(), FieldError> {
    if value.is_finite() && lo <= value && value <= hi {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            format!(
                "must be a number between {lo} and {hi}, got {value}{}",
                reason(why)
            ),
        ))
    }
}

/// ` (why)`, or nothing when `why` is empty.
fn reason(why: &str) -> String {
    if why.is_empty() {
        String::new()
    } else {
        format!(" ({why})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_range_value_and_reason() {
        assert_eq!(count_in("files", 3u32, (3, 5), "x"), Ok(()));
        assert_eq!(
            count_in(
                "files",
                2u32,
                (3, 5),
                "a roll needs three consecutive files"
            )
            .unwrap_err()
            .to_string(),
            "files: must be between 3 and 5, got 2 (a roll needs three consecutive files)"
        );
        assert_eq!(
            number_in("time_scale", f64::NAN, (0.0, 100.0), "")
                .unwrap_err()
                .to_string(),
            "time_scale: must be a number between 0 and 100, got NaN"
        );
        assert_eq!(number_in("t", 100.0, (0.0, 100.0), ""), Ok(()));
    }
}
