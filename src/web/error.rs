//! [`EngineError`]: how a failed engine call reaches JS — an `Error` whose
//! `message` is the whole sentence and whose `field` property names the
//! input at fault (`files`, `workers`, `graph`, …) when there is one, so a
//! page flags the field without parsing the message.

use crate::field::FieldError;
use crate::session::SessionError;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A failed engine call; becomes a JS `Error` with `message` and `field`.
#[derive(Debug)]
pub struct EngineError {
    message: String,
    field: Option<String>,
}

impl From<SessionError> for EngineError {
    fn from(e: SessionError) -> Self {
        EngineError {
            field: e.field().map(str::to_owned),
            message: e.to_string(),
        }
    }
}

impl From<FieldError> for EngineError {
    fn from(e: FieldError) -> Self {
        SessionError::from(e).into()
    }
}

impl From<serde_wasm_bindgen::Error> for EngineError {
    fn from(e: serde_wasm_bindgen::Error) -> Self {
        EngineError {
            message: e.to_string(),
            field: None,
        }
    }
}

impl From<EngineError> for JsValue {
    fn from(e: EngineError) -> JsValue {
        let error = js_sys::Error::new(&e.message);
        if let Some(field) = e.field {
            // Setting a property on an Error we just made cannot fail.
            let _ = Reflect::set(&error, &"field".into(), &field.into());
        }
        error.into()
    }
}
