//! Moderator authentication: argon2id passwords with a strength policy, TOTP second factor,
//! session and CSRF tokens, and sign-in throttling that slows attackers without locking anyone out.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::ids::{hex, random_bytes};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Passwords (and stems of them) that attackers try first; refused whatever their length.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "passw0rd",
    "123456",
    "1234567",
    "12345678",
    "123456789",
    "1234567890",
    "qwerty",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "letmein",
    "welcome",
    "iloveyou",
    "admin",
    "administrator",
    "changeme",
    "monkey",
    "dragon",
    "football",
    "baseball",
    "sunshine",
    "princess",
    "trustno1",
    "superman",
    "starwars",
    "master",
    "shadow",
    "abc123",
    "111111",
    "000000",
    "secret",
    "chorus",
    "moderator",
    "default",
    "login",
    "summer",
    "winter",
];

/// Why a password was refused.
pub fn password_problem(password: &str, username: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Some(format!(
            "The password must have at least {MIN_PASSWORD_CHARS} characters."
        ));
    }
    if chars > 1024 {
        return Some("The password must have at most 1024 characters.".into());
    }
    let lower = password.to_lowercase();
    let stripped: String = lower
        .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation())
        .to_owned();
    if COMMON_PASSWORDS
        .iter()
        .any(|p| lower == *p || stripped == *p || lower.starts_with(p) && lower.len() < p.len() + 5)
    {
        return Some("That password is on the list of passwords attackers try first.".into());
    }
    let first = lower.chars().next().unwrap_or(' ');
    if lower.chars().all(|c| c == first) {
        return Some("The password cannot be one character repeated.".into());
    }
    if !username.is_empty() && lower.contains(&username.to_lowercase()) {
        return Some("The password cannot contain the user name.".into());
    }
    None
}

fn argon2() -> Argon2<'static> {
    // argon2id, version 0x13, the crate's defaults (19 MiB, 2 passes, 1 lane): OWASP's baseline.
    Argon2::default()
}

/// Hashes a password as an argon2id PHC string.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes is a valid salt");
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with valid parameters cannot fail")
        .to_string()
}

/// A hash of a random password, verified against for unknown users so they take as long as known ones.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password(&hex(&random_bytes::<16>())));
    &DUMMY
}

/// Checks a password against a stored hash.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(hash) => argon2().verify_password(password.as_bytes(), &hash).is_ok(),
        Err(_) => false,
    }
}

/// A strong password for `moderator add` when none is given: 20 characters, about 100 bits.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let bytes = random_bytes::<40>();
    bytes
        .iter()
        .filter(|b| (**b as usize) < 256 - 256 % ALPHABET.len())
        .take(20)
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// A new session id (256 bits) as the cookie value, and the hash stored in the database.
pub fn new_session_id() -> (String, Vec<u8>) {
    let id = hex(&random_bytes::<32>());
    let hash = session_hash(&id);
    (id, hash)
}

/// The stored form of a session id: a database leak does not hand out live sessions.
pub fn session_hash(id: &str) -> Vec<u8> {
    Sha256::digest(id.as_bytes()).to_vec()
}

/// A new CSRF token (128 bits).
pub fn new_csrf_token() -> String {
    hex(&random_bytes::<16>())
}

/// Compares secrets without leaking where they differ through timing.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// TOTP (RFC 6238): 30-second steps, 6 digits, HMAC-SHA1, as authenticator apps expect.
pub mod totp {
    use super::*;

    /// Seconds per step.
    pub const STEP: i64 = 30;

    /// A new 160-bit secret.
    pub fn new_secret() -> Vec<u8> {
        random_bytes::<20>().to_vec()
    }

    /// The code for a time step.
    pub fn code_at(secret: &[u8], step: i64) -> u32 {
        let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes any key length");
        mac.update(&step.to_be_bytes());
        let digest = mac.finalize().into_bytes();
        let offset = (digest[19] & 0x0f) as usize;
        let value = u32::from_be_bytes([
            digest[offset] & 0x7f,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        value % 1_000_000
    }

    /// The step a code matches within one step of `now` (clock drift), if any.
    pub fn verify(secret: &[u8], code: &str, now: i64) -> Option<i64> {
        let code = code.trim().replace(' ', "");
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let wanted: u32 = code.parse().ok()?;
        let step = now.div_euclid(STEP);
        (step - 1..=step + 1).find(|s| code_at(secret, *s) == wanted)
    }

    /// RFC 4648 base32 without padding, as authenticator apps take secrets.
    pub fn base32(bytes: &[u8]) -> String {
        const A: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let mut out = String::new();
        let mut buffer = 0u32;
        let mut bits = 0;
        for &b in bytes {
            buffer = (buffer << 8) | b as u32;
            bits += 8;
            while bits >= 5 {
                out.push(A[((buffer >> (bits - 5)) & 31) as usize] as char);
                bits -= 5;
            }
        }
        if bits > 0 {
            out.push(A[((buffer << (5 - bits)) & 31) as usize] as char);
        }
        out
    }
}

/// Sign-in throttling per account name (known or not): after a few failures each attempt must
/// wait longer, doubling up to a ceiling. Nothing locks an account permanently, so an attacker
/// cannot lock a moderator out; kept in memory only, and bounded: a flood of made-up names can
/// neither grow it without limit nor push out a real account's delay.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Failures allowed before delays begin.
const FREE_FAILURES: u32 = 3;
/// Longest wait between attempts.
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
/// After this long without a failure, a name's record is forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Names tracked at once. Past this, new names share one record, so that a flood of made-up
/// names is throttled as one.
const MAX_NAMES: usize = 10_000;
/// The shared record for names that arrive while the table is full (not a valid user name).
const OVERFLOW: &str = "\u{0}overflow";

fn delay_for(count: u32) -> Option<Duration> {
    (count >= FREE_FAILURES)
        .then(|| Duration::from_secs(1 << (count - FREE_FAILURES).min(10)).min(MAX_DELAY))
}

impl LoginThrottle {
    /// How long the account must wait before another attempt, if at all.
    pub fn wait_needed(&self, name: &str) -> Option<Duration> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let key = name.to_lowercase();
        let (count, last) = match map.get(&key) {
            Some(entry) => entry,
            None if map.len() >= MAX_NAMES => map.get(OVERFLOW)?,
            None => return None,
        };
        let delay = delay_for(*count)?;
        let elapsed = last.elapsed();
        (elapsed < delay).then(|| delay - elapsed)
    }

    /// Records a failed attempt.
    pub fn failed(&self, name: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut key = name.to_lowercase();
        if !map.contains_key(&key) && map.len() >= MAX_NAMES {
            // Forget only records that hold nobody back: no delay running, or long quiet.
            map.retain(|k, (count, last)| {
                let elapsed = last.elapsed();
                let waiting = delay_for(*count).is_some_and(|d| elapsed < d);
                k == OVERFLOW || waiting || (*count >= FREE_FAILURES && elapsed < FORGET_AFTER)
            });
            if map.len() >= MAX_NAMES {
                key = OVERFLOW.to_owned();
            }
        }
        let entry = map.entry(key).or_insert((0, Instant::now()));
        if entry.1.elapsed() >= FORGET_AFTER {
            entry.0 = 0;
        }
        entry.0 = entry.0.saturating_add(1);
        entry.1 = Instant::now();
    }

    /// Clears the record after a successful sign-in.
    pub fn succeeded(&self, name: &str) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&name.to_lowercase());
    }
}

/// Lets only a few password hashes run at once: each argon2 run takes about 19 MiB and a good
/// part of a second of one core, so a burst of sign-ins must queue rather than exhaust memory.
#[derive(Debug)]
pub struct HashGate {
    free: Mutex<usize>,
    released: Condvar,
}

/// Hashes running at once.
const HASHES_AT_ONCE: usize = 2;

impl Default for HashGate {
    fn default() -> Self {
        Self {
            free: Mutex::new(HASHES_AT_ONCE),
            released: Condvar::new(),
        }
    }
}

/// A turn at hashing; the turn ends when this is dropped.
#[derive(Debug)]
pub struct HashTurn<'a>(&'a HashGate);

impl HashGate {
    /// Waits up to `patience` for a turn; `None` when the gate stayed busy.
    pub fn turn(&self, patience: Duration) -> Option<HashTurn<'_>> {
        let free = self.free.lock().unwrap_or_else(|p| p.into_inner());
        let (mut free, timeout) = self
            .released
            .wait_timeout_while(free, patience, |free| *free == 0)
            .unwrap_or_else(|p| p.into_inner());
        if timeout.timed_out() && *free == 0 {
            return None;
        }
        *free -= 1;
        Some(HashTurn(self))
    }
}

impl Drop for HashTurn<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        self.0.released.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passwords_are_refused() {
        assert!(password_problem("short", "sam").is_some());
        assert!(password_problem("password1234", "sam").is_some());
        assert!(password_problem("aaaaaaaaaaaaaa", "sam").is_some());
        assert!(password_problem("sam-is-great-2026", "sam").is_some());
        assert!(password_problem("correct horse battery", "sam").is_none());
    }

    #[test]
    fn password_hash_verifies_only_the_right_password() {
        let h = hash_password("a long enough passphrase");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("a long enough passphrase", &h));
        assert!(!verify_password("a long enough passphrasf", &h));
    }

    #[test]
    fn totp_matches_rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", T = 59 s → 94287082 (8 digits).
        let secret = b"12345678901234567890";
        assert_eq!(totp::code_at(secret, 59 / 30), 94287082 % 1_000_000);
        assert_eq!(totp::verify(secret, "287082", 59), Some(1));
        assert_eq!(totp::verify(secret, "287083", 59), None);
        assert_eq!(totp::base32(b"foobar"), "MZXW6YTBOI");
    }

    #[test]
    fn throttle_delays_after_repeated_failures_and_resets_on_success() {
        let t = LoginThrottle::default();
        for _ in 0..FREE_FAILURES {
            assert!(t.wait_needed("Ana").is_none());
            t.failed("ana");
        }
        t.failed("ana");
        assert!(t.wait_needed("ANA").is_some());
        t.succeeded("ana");
        assert!(t.wait_needed("ana").is_none());
    }

    #[test]
    fn a_flood_of_made_up_names_neither_grows_the_throttle_nor_frees_a_real_account() {
        let t = LoginThrottle::default();
        for _ in 0..FREE_FAILURES + 2 {
            t.failed("ana");
        }
        assert!(t.wait_needed("ana").is_some());
        for i in 0..MAX_NAMES * 2 {
            t.failed(&format!("made-up-{i}"));
        }
        let len = t.failures.lock().unwrap().len();
        assert!(len <= MAX_NAMES + 1, "{len} names tracked");
        assert!(
            t.wait_needed("ana").is_some(),
            "ana's delay survived the flood"
        );
    }

    #[test]
    fn the_hash_gate_lets_only_a_few_through_at_once() {
        let gate = HashGate::default();
        let a = gate.turn(Duration::from_millis(10)).expect("first turn");
        let b = gate.turn(Duration::from_millis(10)).expect("second turn");
        assert!(gate.turn(Duration::from_millis(10)).is_none(), "full");
        drop(a);
        assert!(
            gate.turn(Duration::from_millis(10)).is_some(),
            "a turn came free"
        );
        drop(b);
    }
}
