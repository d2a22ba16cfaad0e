//! Moderator accounts: creating and disabling them, TOTP enrolment, sign-in with throttling,
//! sessions, and the wellbeing figures (items reviewed today, length of the reviewing stretch).

use super::{audit, Archive, ArchiveError, Result};
use crate::auth;
use crate::dates::{day_start_unix, now_unix};
use crate::store::{self, AuditAction, Moderator, Role, Session};

/// A signed-in moderator, as the web layer holds it.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The session.
    pub session: Session,
    /// Hash of the session id (for sign-out and reviewing stretches).
    pub id_hash: Vec<u8>,
}

impl SignedIn {
    /// The moderator.
    pub fn moderator(&self) -> &Moderator {
        &self.session.moderator
    }
}

impl Archive {
    /// Creates a moderator after checking the password policy.
    pub fn add_moderator(&self, name: &str, password: &str, role: Role) -> Result<()> {
        let name = name.trim();
        if name.is_empty()
            || name.len() > 64
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            return Err(ArchiveError::Invalid(vec![
                "A moderator name is 1–64 letters, digits, '-', '_' or '.'.".into(),
            ]));
        }
        if let Some(problem) = auth::password_problem(password, name) {
            return Err(ArchiveError::Invalid(vec![problem]));
        }
        let hash = auth::hash_password(password);
        let created = self
            .store
            .write(|tx| Ok::<_, ArchiveError>(store::insert_moderator(tx, name, &hash, role)?))?;
        if created {
            Ok(())
        } else {
            Err(ArchiveError::Conflict(format!(
                "There is already a moderator called {name}."
            )))
        }
    }

    /// Revokes a moderator's access and ends their sessions.
    pub fn disable_moderator(&self, name: &str) -> Result<()> {
        let found = self
            .store
            .write(|tx| Ok::<_, ArchiveError>(store::disable_moderator(tx, name)?))?;
        found.then_some(()).ok_or(ArchiveError::NotFound)
    }

    /// Enrols a TOTP second factor; returns the secret for the authenticator app.
    pub fn enrol_totp(&self, name: &str) -> Result<Vec<u8>> {
        let secret = auth::totp::new_secret();
        let found = self
            .store
            .write(|tx| Ok::<_, ArchiveError>(store::set_totp_secret(tx, name, &secret)?))?;
        found.then_some(secret).ok_or(ArchiveError::NotFound)
    }

    /// Signs in: a new session id every time (so a planted one is useless), the same answer
    /// and about the same time for unknown names and wrong passwords, throttled per name.
    pub fn login(&self, name: &str, password: &str, totp: &str) -> Result<(String, SignedIn)> {
        let name = name.trim();
        if let Some(wait) = self.throttle.wait_needed(name) {
            return Err(ArchiveError::Throttled(format!(
                "Too many failed attempts for this account. Please wait {} seconds and try again.",
                wait.as_secs().max(1)
            )));
        }
        let moderator = self
            .store
            .read(|c| Ok::<_, ArchiveError>(store::moderator_by_name(c, name)?))?;
        let Some(_turn) = self.hash_gate.turn(std::time::Duration::from_secs(5)) else {
            return Err(ArchiveError::Throttled(
                "Many people are signing in at the moment. Please try again in a minute.".into(),
            ));
        };
        let password_ok = match &moderator {
            Some(m) => auth::verify_password(password, &m.password_hash),
            None => {
                auth::verify_password(password, auth::dummy_hash());
                false
            }
        };
        let moderator = moderator.filter(|m| password_ok && !m.disabled);
        let moderator = match moderator {
            Some(m) => match &m.totp_secret {
                None => Some(m),
                Some(secret) => match auth::totp::verify(secret, totp, now_unix()) {
                    Some(step) => {
                        let fresh = self.store.write(|tx| {
                            Ok::<_, ArchiveError>(store::use_totp_step(tx, m.id, step)?)
                        })?;
                        fresh.then_some(m)
                    }
                    None => None,
                },
            },
            None => None,
        };
        let Some(moderator) = moderator else {
            self.throttle.failed(name);
            return Err(ArchiveError::Forbidden(
                "That user name, password or code is not right.".into(),
            ));
        };
        self.throttle.succeeded(name);
        let (cookie, id_hash) = auth::new_session_id();
        let csrf = auth::new_csrf_token();
        let now = now_unix();
        self.store.write(|tx| {
            store::insert_session(tx, &id_hash, moderator.id, &csrf, now)?;
            audit(tx, &moderator, AuditAction::SignIn, &moderator.name, None)
        })?;
        let session = Session {
            moderator,
            csrf,
            created_at: now,
            last_seen: now,
            stretch_start: None,
        };
        Ok((cookie, SignedIn { session, id_hash }))
    }

    /// The live session for a cookie value, touched; expired ones are removed.
    pub fn session(&self, cookie: &str) -> Result<Option<SignedIn>> {
        let id_hash = auth::session_hash(cookie);
        let idle = self.config.session_idle_minutes as i64 * 60;
        let absolute = self.config.session_absolute_hours as i64 * 3600;
        let session = self.store.write(|tx| {
            Ok::<_, ArchiveError>(store::touch_session(
                tx,
                &id_hash,
                now_unix(),
                idle,
                absolute,
            )?)
        })?;
        Ok(session.map(|session| SignedIn { session, id_hash }))
    }

    /// Ends a session server-side.
    pub fn logout(&self, who: &SignedIn) -> Result<()> {
        self.store.write(|tx| {
            store::delete_session(tx, &who.id_hash)?;
            audit(
                tx,
                who.moderator(),
                AuditAction::SignOut,
                &who.moderator().name,
                None,
            )
        })
    }

    /// Items this moderator reviewed today, and minutes into the current reviewing stretch (if any).
    pub fn wellbeing(&self, who: &SignedIn) -> Result<(i64, Option<i64>)> {
        let now = now_unix();
        let midnight = day_start_unix(now);
        let reviewed = self.store.read(|c| {
            Ok::<_, ArchiveError>(store::reviews_since(c, &who.moderator().name, midnight)?)
        })?;
        let minutes = who.session.stretch_start.map(|start| (now - start) / 60);
        Ok((reviewed, minutes))
    }

    /// The moderator says they are taking a break: the stretch starts again.
    pub fn take_break(&self, who: &SignedIn) -> Result<()> {
        self.store
            .write(|tx| Ok::<_, ArchiveError>(store::reset_stretch(tx, &who.id_hash)?))
    }
}
