//! What the customer has granted: permission events (`SkillPermissionAccepted`,
//! `SkillPermissionChanged`), what changed between two of them, and `user.permissions.scopes`.

use std::collections::BTreeMap;
use std::collections::BTreeSet;

use alexa_model::{PermissionEvent, PermissionStatus, Permissions, Request, RequestEnvelope};
use serde::{Deserialize, Serialize};

use crate::{ConsentLevel, Scope};

/// The scopes granted at account level and at person level (the recognized speaker's).
///
/// A permission event lists every permission accepted *now*, not a change: keep the last one (per
/// account, and per person for person-level grants) and [`diff`] the next against it.
///
/// It serializes as `{"account": [...], "person": [...]}`, for a skill that stores it between
/// events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GrantedScopes {
    #[serde(default)]
    account: BTreeSet<Scope>,
    #[serde(default)]
    person: BTreeSet<Scope>,
}

impl GrantedScopes {
    /// No scope granted.
    #[must_use]
    pub fn new() -> Self {
        GrantedScopes::default()
    }

    /// The scopes of a permission event: `body.acceptedPermissions` at account level and
    /// `body.acceptedPersonPermissions` at person level. A scope string this version does not know
    /// is kept as [`Scope::Other`].
    #[must_use]
    pub fn from_event(event: &PermissionEvent) -> Self {
        let collect = |list: &[alexa_model::AcceptedPermission]| {
            list.iter().map(|p| Scope::from_amazon(&p.scope)).collect()
        };
        GrantedScopes {
            account: collect(&event.body.accepted_permissions),
            person: collect(&event.body.accepted_person_permissions),
        }
    }

    /// The scopes of a `SkillPermissionAccepted` or `SkillPermissionChanged` request; `None` for
    /// any other request.
    #[must_use]
    pub fn from_request(request: &Request) -> Option<Self> {
        request.permission_event().map(GrantedScopes::from_event)
    }

    /// The scopes granted at `level`.
    #[must_use]
    pub fn at(&self, level: ConsentLevel) -> &BTreeSet<Scope> {
        match level {
            ConsentLevel::Account => &self.account,
            ConsentLevel::Person => &self.person,
        }
    }

    /// The scopes granted at account level.
    #[must_use]
    pub fn account(&self) -> &BTreeSet<Scope> {
        &self.account
    }

    /// The scopes granted at person level.
    #[must_use]
    pub fn person(&self) -> &BTreeSet<Scope> {
        &self.person
    }

    /// Whether `scope` is granted at `level`.
    #[must_use]
    pub fn is_granted(&self, scope: &Scope, level: ConsentLevel) -> bool {
        self.at(level).contains(scope)
    }

    /// Adds a grant; returns whether it was new.
    pub fn insert(&mut self, scope: Scope, level: ConsentLevel) -> bool {
        match level {
            ConsentLevel::Account => self.account.insert(scope),
            ConsentLevel::Person => self.person.insert(scope),
        }
    }

    /// Whether nothing is granted at either level.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.account.is_empty() && self.person.is_empty()
    }
}

/// What changed between two sets of grants: what was granted and what was revoked, per level.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PermissionDiff {
    granted: GrantedScopes,
    revoked: GrantedScopes,
}

impl PermissionDiff {
    /// The scopes granted since the previous set.
    #[must_use]
    pub fn granted(&self) -> &GrantedScopes {
        &self.granted
    }

    /// The scopes revoked since the previous set.
    #[must_use]
    pub fn revoked(&self) -> &GrantedScopes {
        &self.revoked
    }

    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.granted.is_empty() && self.revoked.is_empty()
    }
}

/// What changed from `previous` to `current`.
///
/// ```
/// use alexa_consent::{ConsentLevel, GrantedScopes, Scope, diff};
///
/// let mut before = GrantedScopes::new();
/// before.insert(Scope::Email, ConsentLevel::Account);
/// let mut after = GrantedScopes::new();
/// after.insert(Scope::MobileNumber, ConsentLevel::Account);
///
/// let change = diff(&before, &after);
/// assert!(change.granted().is_granted(&Scope::MobileNumber, ConsentLevel::Account));
/// assert!(change.revoked().is_granted(&Scope::Email, ConsentLevel::Account));
/// ```
#[must_use]
pub fn diff(previous: &GrantedScopes, current: &GrantedScopes) -> PermissionDiff {
    let minus = |a: &BTreeSet<Scope>, b: &BTreeSet<Scope>| a.difference(b).cloned().collect();
    PermissionDiff {
        granted: GrantedScopes {
            account: minus(&current.account, &previous.account),
            person: minus(&current.person, &previous.person),
        },
        revoked: GrantedScopes {
            account: minus(&previous.account, &current.account),
            person: minus(&previous.person, &current.person),
        },
    }
}

/// `context.System.user.permissions.scopes`, typed: each scope with its status (`GRANTED` or
/// `DENIED`).
///
/// Amazon says to call the API rather than trust these (a `GRANTED` scope may still answer 403 at
/// person level, and not every scope is listed); they are useful to decide whether to ask before
/// calling.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeStatuses {
    scopes: BTreeMap<Scope, PermissionStatus>,
}

impl ScopeStatuses {
    /// The statuses of `user.permissions`.
    #[must_use]
    pub fn from_permissions(permissions: &Permissions) -> Self {
        ScopeStatuses {
            scopes: permissions
                .scopes
                .iter()
                .map(|(scope, grant)| (Scope::from_amazon(scope), grant.status.clone()))
                .collect(),
        }
    }

    /// The statuses of the envelope's user (`context.System.user`, else `session.user`); empty
    /// when the request carries none.
    #[must_use]
    pub fn from_envelope(envelope: &RequestEnvelope) -> Self {
        envelope
            .user()
            .and_then(|u| u.permissions.as_ref())
            .map(ScopeStatuses::from_permissions)
            .unwrap_or_default()
    }

    /// The status of `scope`, when the request lists it.
    #[must_use]
    pub fn status(&self, scope: &Scope) -> Option<&PermissionStatus> {
        self.scopes.get(scope)
    }

    /// Whether `scope` is listed as `GRANTED`.
    #[must_use]
    pub fn is_granted(&self, scope: &Scope) -> bool {
        self.status(scope) == Some(&PermissionStatus::Granted)
    }

    /// The scopes listed as `GRANTED`.
    pub fn granted(&self) -> impl Iterator<Item = &Scope> {
        self.scopes.iter().filter(|(_, s)| **s == PermissionStatus::Granted).map(|(scope, _)| scope)
    }

    /// The scopes listed as `DENIED`.
    pub fn denied(&self) -> impl Iterator<Item = &Scope> {
        self.scopes.iter().filter(|(_, s)| **s == PermissionStatus::Denied).map(|(scope, _)| scope)
    }

    /// Every listed scope with its status, in scope order.
    pub fn iter(&self) -> impl Iterator<Item = (&Scope, &PermissionStatus)> {
        self.scopes.iter()
    }

    /// Whether the request lists no scope.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }
}
