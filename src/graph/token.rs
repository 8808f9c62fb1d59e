//! Deterministic task tokens, like Dask's `tokenize`: the same op on the same
//! inputs always gets the same token, so the same spec always gives the same
//! keys.
//!
//! A token is a 64-bit FNV-1a hash over the op name, a caller-supplied salt
//! (e.g. a file name's hash or a call index, for ops called more than once on
//! the same inputs) and the tokens of the inputs, finished with the splitmix64
//! mixer. Keys print it as 16 lowercase hex digits.

use std::fmt;

/// A task's deterministic token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token(pub u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl Token {
    /// The token of `op` applied to `salt` and the inputs with tokens `inputs`.
    pub fn of(op: &str, salt: u64, inputs: impl IntoIterator<Item = Token>) -> Token {
        let mut h = FNV_OFFSET;
        let mut eat = |bytes: &[u8]| {
            for b in bytes {
                h ^= u64::from(*b);
                h = h.wrapping_mul(FNV_PRIME);
            }
        };
        eat(op.as_bytes());
        eat(&salt.to_le_bytes());
        for t in inputs {
            eat(&t.0.to_le_bytes());
        }
        Token(mix(h))
    }

    /// The token of a string argument (a file name, an address), to use as a salt.
    pub fn of_str(s: &str) -> u64 {
        Token::of(s, 0, []).0
    }
}

/// The splitmix64 finaliser: spreads every input bit over the whole word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_token_and_order_matters() {
        let a = Token::of("load", 1, []);
        let b = Token::of("load", 2, []);
        assert_eq!(a, Token::of("load", 1, []));
        assert_ne!(a, b);
        assert_ne!(Token::of("roll", 0, [a, b]), Token::of("roll", 0, [b, a]));
        assert_eq!(format!("{a}").len(), 16);
    }
}
