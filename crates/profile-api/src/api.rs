//! The transport-agnostic [`ProfileApi`] trait, and [`fetch_contact`](ProfileApi::fetch_contact)'s
//! request and result types.

use alexa_consent::{ConsentDecision, ConsentLevel, FieldOutcome, Language, ProfileField, Scope};
use alexa_model::ApiContext;
use async_trait::async_trait;

use crate::error::{Error, ErrorKind};
use crate::values::{Email, FullName, GivenName, MobileNumber};

/// The result of one profile call: `Ok(Some(value))` for 200, `Ok(None)` for 204 ("consent given,
/// value not set", a normal outcome), or an [`Error`].
pub type Fetched<T> = Result<Option<T>, Error>;

/// The Customer Profile API (the account holder) and the Person Profile API (the recognized
/// speaker), independent of any HTTP stack.
///
/// This trait is the stable integration point: skill code takes an `Arc<dyn ProfileApi>` (the
/// trait is object safe), production passes a [`ProfileClient`](crate::ProfileClient), tests pass
/// a fake or the `mock` feature's `MockProfileApi`. Methods added later will have default bodies.
///
/// Every call takes the [`ApiContext`] of the current request: implementations never store one,
/// and never cache a value (Amazon's policy: call the API every time the data is needed).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait ProfileApi: Send + Sync {
    /// The account holder's full name: `GET /v2/accounts/~current/settings/Profile.name`.
    async fn full_name(&self, ctx: &ApiContext) -> Fetched<FullName>;

    /// The account holder's given name: `GET /v2/accounts/~current/settings/Profile.givenName`.
    async fn given_name(&self, ctx: &ApiContext) -> Fetched<GivenName>;

    /// The account holder's email: `GET /v2/accounts/~current/settings/Profile.email`.
    async fn email(&self, ctx: &ApiContext) -> Fetched<Email>;

    /// The account holder's mobile number: `GET /v2/accounts/~current/settings/Profile.mobileNumber`.
    async fn mobile_number(&self, ctx: &ApiContext) -> Fetched<MobileNumber>;

    /// The recognized speaker's full name: `GET /v2/persons/~current/profile/name`.
    async fn person_full_name(&self, ctx: &ApiContext) -> Fetched<FullName>;

    /// The recognized speaker's given name: `GET /v2/persons/~current/profile/givenName`.
    async fn person_given_name(&self, ctx: &ApiContext) -> Fetched<GivenName>;

    /// The recognized speaker's mobile number: `GET /v2/persons/~current/profile/mobileNumber`.
    async fn person_mobile_number(&self, ctx: &ApiContext) -> Fetched<MobileNumber>;

    /// Fetches several fields concurrently and returns each field's own outcome. The wall time is
    /// about one round trip, not one per field. Email at person level is
    /// [`ErrorKind::Unsupported`] (the Person Profile API has none).
    async fn fetch_contact(&self, ctx: &ApiContext, request: &ContactRequest) -> Contact {
        let level = request.level();
        let name = async {
            match (request.contains(ProfileField::Name), level) {
                (false, _) => None,
                (true, ConsentLevel::Person) => Some(self.person_full_name(ctx).await),
                (true, _) => Some(self.full_name(ctx).await),
            }
        };
        let given_name = async {
            match (request.contains(ProfileField::GivenName), level) {
                (false, _) => None,
                (true, ConsentLevel::Person) => Some(self.person_given_name(ctx).await),
                (true, _) => Some(self.given_name(ctx).await),
            }
        };
        let email = async {
            match (request.contains(ProfileField::Email), level) {
                (false, _) => None,
                (true, ConsentLevel::Person) => Some(Err(Error::new(ErrorKind::Unsupported))),
                (true, _) => Some(self.email(ctx).await),
            }
        };
        let mobile_number = async {
            match (request.contains(ProfileField::MobileNumber), level) {
                (false, _) => None,
                (true, ConsentLevel::Person) => Some(self.person_mobile_number(ctx).await),
                (true, _) => Some(self.mobile_number(ctx).await),
            }
        };
        let (name, given_name, email, mobile_number) =
            futures_util::future::join4(name, given_name, email, mobile_number).await;
        Contact { level, name, given_name, email, mobile_number }
    }
}

/// Which fields [`ProfileApi::fetch_contact`] fetches, and at which level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRequest {
    level: ConsentLevel,
    fields: Vec<ProfileField>,
}

impl ContactRequest {
    /// Fields of the account holder (Customer Profile API). Duplicates are dropped.
    pub fn account(fields: impl IntoIterator<Item = ProfileField>) -> Self {
        ContactRequest::new(ConsentLevel::Account, fields)
    }

    /// Fields of the recognized speaker (Person Profile API). Duplicates are dropped.
    pub fn person(fields: impl IntoIterator<Item = ProfileField>) -> Self {
        ContactRequest::new(ConsentLevel::Person, fields)
    }

    /// Fields at `level`. Duplicates are dropped; the order is kept.
    pub fn new(level: ConsentLevel, fields: impl IntoIterator<Item = ProfileField>) -> Self {
        let mut unique = Vec::new();
        for field in fields {
            if !unique.contains(&field) {
                unique.push(field);
            }
        }
        ContactRequest { level, fields: unique }
    }

    /// The level.
    #[must_use]
    pub fn level(&self) -> ConsentLevel {
        self.level
    }

    /// The fields, in the order given.
    #[must_use]
    pub fn fields(&self) -> &[ProfileField] {
        &self.fields
    }

    /// Whether `field` is requested.
    #[must_use]
    pub fn contains(&self, field: ProfileField) -> bool {
        self.fields.contains(&field)
    }
}

/// What [`ProfileApi::fetch_contact`] found: each requested field's own outcome (`None` for a
/// field that was not requested).
#[derive(Debug)]
#[non_exhaustive]
pub struct Contact {
    /// The level the fields were fetched at.
    pub level: ConsentLevel,
    /// The full name.
    pub name: Option<Fetched<FullName>>,
    /// The given name.
    pub given_name: Option<Fetched<GivenName>>,
    /// The email address.
    pub email: Option<Fetched<Email>>,
    /// The mobile number.
    pub mobile_number: Option<Fetched<MobileNumber>>,
}

/// The outcome of one field, without its value.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum FieldStatus<'a> {
    /// 200: the value is there.
    Value,
    /// 204: consent given, value not set.
    NotSet,
    /// The call failed.
    Failed(&'a Error),
}

impl FieldStatus<'_> {
    /// The outcome as `alexa-consent`'s decision helper takes it: 200 -> `Value`, 204 -> `NotSet`,
    /// 403 not granted -> `NotGranted(level)`, 403 not declared -> `NotDeclared`, anything else ->
    /// `Failed`.
    #[must_use]
    pub fn outcome(&self) -> FieldOutcome {
        match self {
            FieldStatus::Value => FieldOutcome::Value,
            FieldStatus::NotSet => FieldOutcome::NotSet,
            FieldStatus::Failed(error) => match error.kind() {
                ErrorKind::PermissionRequired { level, .. } => FieldOutcome::NotGranted(*level),
                ErrorKind::PermissionNotDeclared { .. } => FieldOutcome::NotDeclared,
                _ => FieldOutcome::Failed,
            },
        }
    }
}

impl Contact {
    /// A contact at `level` with no field fetched (for fakes).
    #[must_use]
    pub fn empty(level: ConsentLevel) -> Self {
        Contact { level, name: None, given_name: None, email: None, mobile_number: None }
    }

    /// The outcome of `field`, or `None` when it was not requested.
    #[must_use]
    pub fn status(&self, field: ProfileField) -> Option<FieldStatus<'_>> {
        fn status<T>(outcome: Option<&Fetched<T>>) -> Option<FieldStatus<'_>> {
            outcome.map(|r| match r {
                Ok(Some(_)) => FieldStatus::Value,
                Ok(None) => FieldStatus::NotSet,
                Err(e) => FieldStatus::Failed(e),
            })
        }
        match field {
            ProfileField::Name => status(self.name.as_ref()),
            ProfileField::GivenName => status(self.given_name.as_ref()),
            ProfileField::Email => status(self.email.as_ref()),
            ProfileField::MobileNumber => status(self.mobile_number.as_ref()),
            _ => None,
        }
    }

    /// The requested fields' outcomes, in table order.
    pub fn statuses(&self) -> impl Iterator<Item = (ProfileField, FieldStatus<'_>)> + '_ {
        ProfileField::ALL.into_iter().filter_map(|f| self.status(f).map(|s| (f, s)))
    }

    /// The scopes the customer has not granted, in table order: what a consent card should list.
    #[must_use]
    pub fn missing_scopes(&self) -> Vec<Scope> {
        self.statuses()
            .filter_map(|(_, s)| match s {
                FieldStatus::Failed(e) => e.missing_scope().map(|(scope, _)| scope.clone()),
                _ => None,
            })
            .collect()
    }

    /// Each requested field's outcome as `alexa-consent` takes it, in table order.
    pub fn outcomes(&self) -> impl Iterator<Item = (ProfileField, FieldOutcome)> + '_ {
        self.statuses().map(|(field, status)| (field, status.outcome()))
    }

    /// A [`ConsentDecision`] in `language` for `skill_name`, with every requested field's
    /// outcome recorded: what the skill should say and show (consent card, voice-forward consent
    /// or "not set" message) and which fields it can use.
    #[must_use]
    pub fn decision(&self, language: Language, skill_name: impl Into<String>) -> ConsentDecision {
        self.outcomes().fold(ConsentDecision::new(language, skill_name), |d, (field, outcome)| {
            d.outcome(field, outcome)
        })
    }

    /// The full name, when it was fetched and set.
    #[must_use]
    pub fn name_value(&self) -> Option<&FullName> {
        self.name.as_ref().and_then(|r| r.as_ref().ok()).and_then(Option::as_ref)
    }

    /// The given name, when it was fetched and set.
    #[must_use]
    pub fn given_name_value(&self) -> Option<&GivenName> {
        self.given_name.as_ref().and_then(|r| r.as_ref().ok()).and_then(Option::as_ref)
    }

    /// The email address, when it was fetched and set.
    #[must_use]
    pub fn email_value(&self) -> Option<&Email> {
        self.email.as_ref().and_then(|r| r.as_ref().ok()).and_then(Option::as_ref)
    }

    /// The mobile number, when it was fetched and set.
    #[must_use]
    pub fn mobile_number_value(&self) -> Option<&MobileNumber> {
        self.mobile_number.as_ref().and_then(|r| r.as_ref().ok()).and_then(Option::as_ref)
    }
}
