//! Helpers for fakes of [`ProfileApi`](crate::ProfileApi) in tests: the errors a real client
//! returns, built without a server.

use alexa_consent::{ConsentLevel, ProfileField};

use crate::error::{Error, ErrorKind};

/// The error of a 403 "not yet requested" for `field` at account level.
#[must_use]
pub fn permission_required(field: ProfileField) -> Error {
    Error::new(ErrorKind::PermissionRequired { scope: field.scope(), level: ConsentLevel::Account })
}

/// The error of a 403 "not yet requested" for `field` at person level.
#[must_use]
pub fn person_permission_required(field: ProfileField) -> Error {
    Error::new(ErrorKind::PermissionRequired { scope: field.scope(), level: ConsentLevel::Person })
}

/// An error of the given kind, as a fake would return it.
#[must_use]
pub fn error(kind: ErrorKind) -> Error {
    Error::new(kind)
}
