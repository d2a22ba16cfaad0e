//! Identifiers: random public story ids, submission ids, moderator ids, and receipt codes with
//! their keyed hash.
//!
//! Story and submission ids come from the operating system's generator, so they reveal neither
//! order nor volume; moderator ids are row numbers. A receipt code is shown once and stored only
//! as an HMAC.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Crockford's base32 alphabet: no I, L, O or U, so codes survive being read aloud or copied.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Fills a buffer from the operating system's generator.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random generator failed");
    buf
}

/// `n` random Crockford base32 characters (5 bits each).
fn random_base32(n: usize) -> String {
    // 5 bits per char; draw a byte per char and keep the low 5 bits (uniform, since 256 % 32 == 0).
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    assert!(n <= buf.len());
    getrandom::fill(&mut buf[..n]).expect("the operating system's random generator failed");
    for b in &buf[..n] {
        out.push(CROCKFORD[(b & 31) as usize] as char);
    }
    out
}

/// Why an id was refused: the text was not an id of that kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid {kind}")]
pub struct InvalidId {
    /// Which kind of id was expected.
    pub kind: &'static str,
}

/// The conversions every id shares: text for display and SQL, serde as the plain value (so JSON
/// is unchanged), and a validating `Deserialize`, so a path extractor parses the id once.
macro_rules! id_conversions {
    ($name:ident, $inner:ty, $kind:expr) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, InvalidId> {
                Self::parse(s).ok_or(InvalidId { kind: $kind })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                raw.parse().map_err(serde::de::Error::custom)
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        // Read back as stored: the database is the source of truth, and every id in it was
        // made by `generate` (or by SQLite, for moderators).
        impl rusqlite::types::FromSql for $name {
            fn column_result(
                v: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                <$inner>::column_result(v).map(Self)
            }
        }
    };
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $len:expr, $kind:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// A fresh random id.
            pub fn generate() -> Self {
                Self(random_base32($len).to_ascii_lowercase())
            }
            /// Accepts only well-formed ids (right length, right alphabet), so junk never reaches SQL.
            pub fn parse(s: &str) -> Option<Self> {
                let ok = s.len() == $len
                    && s.bytes().all(|b| CROCKFORD.contains(&b.to_ascii_uppercase()) && !b.is_ascii_uppercase());
                ok.then(|| Self(s.to_owned()))
            }
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        id_conversions!($name, String, $kind);
    };
}

id_type!(
    /// The permanent public id of a story (50 random bits), e.g. `k3mv9xq2dr`.
    StoryId,
    10,
    "story id"
);
id_type!(
    /// The internal id of a submission, seen only by moderators.
    SubmissionId,
    16,
    "submission id"
);

id_type!(
    /// The public id of an evidence pack (60 random bits), e.g. `q7k2m9x4d3ra`.
    PackId,
    12,
    "pack id"
);

/// The secret in an evidence pack's private edit link: 26 Crockford characters (130 random
/// bits). It is shown once, in the link, and stored only as an HMAC; its `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct PackSecret(String);

impl fmt::Debug for PackSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PackSecret(<redacted>)")
    }
}

impl PackSecret {
    /// Number of characters.
    pub const LEN: usize = 26;

    /// A fresh secret from the operating system's generator.
    pub fn generate() -> Self {
        Self(random_base32(Self::LEN).to_ascii_lowercase())
    }

    /// Accepts the secret as it appears in the link (either case); anything else is `None`.
    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim().to_ascii_lowercase();
        let ok = s.len() == Self::LEN
            && s.bytes()
                .all(|b| CROCKFORD.contains(&b.to_ascii_uppercase()) && !b.is_ascii_uppercase());
        ok.then_some(Self(s))
    }

    /// The secret as it goes into the edit link.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// The keyed hash stored in place of the secret.
    pub fn hash(&self, secret: &ServerSecret) -> Vec<u8> {
        let mut data = b"pack-edit:".to_vec();
        data.extend_from_slice(self.0.as_bytes());
        secret.mac(&data)
    }
}

/// A moderator account's row id. Moderators are few and known to each other, so unlike the
/// public ids it may be sequential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModeratorId(i64);

impl ModeratorId {
    /// Accepts a whole number, as a form sends it.
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok().map(Self)
    }
}

id_conversions!(ModeratorId, i64, "moderator id");

/// A contributor's receipt code: 20 Crockford characters (100 random bits) in groups of four.
/// Its `Debug` never prints the code, so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct ReceiptCode(String);

impl fmt::Debug for ReceiptCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptCode(<redacted>)")
    }
}

impl ReceiptCode {
    /// Number of code characters, without separators.
    pub const LEN: usize = 20;

    /// A fresh code from the operating system's generator.
    pub fn generate() -> Self {
        Self(random_base32(Self::LEN))
    }

    /// Reads a code as people type it: any case, with or without dashes and spaces, and with the
    /// letters Crockford maps to digits (O→0, I/L→1). Anything else is `None`.
    pub fn parse(input: &str) -> Option<Self> {
        let mut out = String::with_capacity(Self::LEN);
        for c in input.chars() {
            let c = match c.to_ascii_uppercase() {
                '-' | ' ' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c if c.is_ascii() && CROCKFORD.contains(&(c as u8)) => c,
                _ => return None,
            };
            if out.len() == Self::LEN {
                return None;
            }
            out.push(c);
        }
        (out.len() == Self::LEN).then_some(Self(out))
    }

    /// The code grouped for display, e.g. `7Q3K-9XPM-2D4R-HT6W-K3MV`.
    pub fn display(&self) -> String {
        let chunks: Vec<&str> = (0..Self::LEN)
            .step_by(4)
            .map(|i| &self.0[i..i + 4])
            .collect();
        chunks.join("-")
    }

    /// The keyed hash stored in place of the code.
    pub fn hash(&self, secret: &ServerSecret) -> Vec<u8> {
        secret.mac(self.0.as_bytes())
    }
}

/// The server's secret key, created on first start and kept in the data directory (mode 0600).
#[derive(Clone)]
pub struct ServerSecret([u8; 32]);

impl fmt::Debug for ServerSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ServerSecret(<redacted>)")
    }
}

impl ServerSecret {
    /// Loads the secret from `path`, creating it with owner-only permissions if it is missing.
    pub fn load_or_create(path: &std::path::Path) -> std::io::Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == 32 => {
                let mut key = [0u8; 32];
                key.copy_from_slice(&bytes);
                Ok(Self(key))
            }
            Ok(_) => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} is not a 32-byte key", path.display()),
            )),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = random_bytes::<32>();
                write_private(path, &key)?;
                Ok(Self(key))
            }
            Err(e) => Err(e),
        }
    }

    /// A secret for tests and throwaway instances.
    pub fn ephemeral() -> Self {
        Self(random_bytes())
    }

    /// HMAC-SHA256 of `data` under this secret.
    pub fn mac(&self, data: &[u8]) -> Vec<u8> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().to_vec()
    }
}

#[cfg(unix)]
pub(crate) fn write_private(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(data)?;
    f.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn write_private(path: &std::path::Path, data: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, data)
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_codes_round_trip_through_display_and_sloppy_typing() {
        let code = ReceiptCode::generate();
        let shown = code.display();
        assert_eq!(shown.len(), 24);
        assert_eq!(ReceiptCode::parse(&shown), Some(code.clone()));
        let sloppy = shown.to_lowercase().replace('-', " ");
        assert_eq!(ReceiptCode::parse(&sloppy), Some(code));
        assert_eq!(ReceiptCode::parse("not a code"), None);
        assert_eq!(ReceiptCode::parse("7Q3K-9XPM-2D4R-HT6W-K3MV-X"), None);
    }

    #[test]
    fn receipt_code_debug_hides_the_code() {
        let code = ReceiptCode::generate();
        assert!(!format!("{code:?}").contains(&code.display()[..4]));
    }

    #[test]
    fn pack_secrets_carry_130_bits_parse_back_and_hide_from_debug() {
        let s = PackSecret::generate();
        assert_eq!(s.reveal().len() * 5, 130);
        assert_eq!(
            PackSecret::parse(&s.reveal().to_uppercase()),
            Some(s.clone())
        );
        assert_ne!(s, PackSecret::generate());
        assert!(!format!("{s:?}").contains(&s.reveal()[..6]));
        assert_eq!(PackSecret::parse("too-short"), None);
        let key = ServerSecret::ephemeral();
        assert_eq!(s.hash(&key).len(), 32);
        assert_ne!(s.hash(&key), s.reveal().as_bytes());
    }

    #[test]
    fn story_ids_are_random_and_validated() {
        let a = StoryId::generate();
        assert_ne!(a, StoryId::generate());
        assert_eq!(StoryId::parse(a.as_str()), Some(a));
        assert_eq!(StoryId::parse("../etc"), None);
        assert_eq!(StoryId::parse("ABCDEFGHJK"), None);
    }

    #[test]
    fn ids_serialise_as_their_plain_value_and_deserialise_only_when_valid() {
        let id = StoryId::generate();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<StoryId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<StoryId>("\"../etc\"").is_err());
        assert!(serde_json::from_str::<SubmissionId>(&json).is_err());
        assert_eq!("12".parse::<ModeratorId>().unwrap().to_string(), "12");
        assert!("twelve".parse::<ModeratorId>().is_err());
    }
}
