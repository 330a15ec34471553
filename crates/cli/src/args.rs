//! The command line, as clap reads it. Every subcommand's `--help` ends with examples.
//!
//! The doc comments below are the `--help` text, read on a terminal: they are plain text, not
//! Markdown.

#![allow(
    clippy::doc_markdown,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags,
    reason = "doc comments here are --help text, not rustdoc"
)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use alexa_consent::{ProfileField, Scope};
use clap::{Args, Parser, Subcommand};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "alexa-profile",
    version,
    about = "Alexa skills and the customer's contact information: the consent flow end to end on an \
             embedded emulator, and the tools to test skills in any language.",
    arg_required_else_help = false,
    subcommand_required = true,
    after_help = concat!(
        "Examples:\n",
        "  alexa-profile demo                       the whole consent flow in one command\n",
        "  alexa-profile demo --locale de-DE        the same, with German prompts\n",
        "  alexa-profile emulate --listen 127.0.0.1:8080\n",
        "  alexa-profile fetch --envelope request.json --allow-endpoint http://127.0.0.1:8080 --json\n",
        "  alexa-profile phone +44 '07700 900123'\n",
        "\n",
        "Exit codes: 0 success, 1 failure or findings, 2 usage error, 3 consent needed (fetch).",
    )
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Play the whole consent flow, as a skill would, on an emulator started in this process.
    ///
    /// Seven scenarios: consent granted (a personalized answer and the mobile number ready for an
    /// SMS gateway), consent not granted (the localized prompt and the consent card), mobile number
    /// not set, a throttled call that recovers, a recognized speaker, voice-forward consent and
    /// its answer, and a forged apiEndpoint refused before any connection. It uses the real
    /// client and the real emulator over loopback; no Amazon account, no network.
    #[command(after_help = concat!(
        "Examples:\n",
        "  alexa-profile demo\n",
        "  alexa-profile demo --locale de-DE\n",
        "  alexa-profile demo --locale ja-JP | less",
    ))]
    Demo(DemoArgs),

    /// Run the Customer Profile and Person Profile API emulator until Ctrl-C.
    ///
    /// It prints its base URL and the names of the tokens it accepts (in the built-in sample, a
    /// token's name is also its bearer value), then one line per request (token names only).
    /// Without --fixtures it serves the built-in sample (crates/emulator/fixtures/demo.json):
    /// tok-alice (every scope granted), tok-alice-email-only, tok-alice-no-consent,
    /// tok-undeclared (a manifest that declares email only), tok-bob-speaking (Bob recognized on
    /// Alice's account), tok-carol (no email, no phone set) and tok-expired.
    /// docs/emulator.md describes the fixture format.
    #[command(after_help = concat!(
        "Examples:\n",
        "  alexa-profile emulate --listen 127.0.0.1:8080\n",
        "  curl -H 'Authorization: Bearer tok-alice' http://127.0.0.1:8080/v2/accounts/~current/settings/Profile.email\n",
        "  alexa-profile emulate --listen 127.0.0.1:0 --fixtures my-fixtures.json --latency 150ms\n",
        "  alexa-profile emulate --listen 127.0.0.1:8443 --tls --ca-out emulator-ca.pem",
    ))]
    Emulate(EmulateArgs),

    /// Read a request envelope and fetch the customer's contact information as a skill would.
    ///
    /// It calls the API at the envelope's apiEndpoint with its apiAccessToken, fetching the fields
    /// concurrently. Only Amazon's API hosts (https) are called unless --allow-endpoint names
    /// another endpoint, such as the emulator. Without --field it fetches all four fields (name,
    /// given-name, email, mobile). When consent is needed it shows the response the skill should
    /// answer with (in the request's locale, with the consent card listing every missing scope)
    /// and exits with 3.
    #[command(after_help = concat!(
        "Examples:\n",
        "  alexa-profile envelope new intent OrderIntent --endpoint http://127.0.0.1:8080 --token tok-alice > request.json\n",
        "  alexa-profile fetch --envelope request.json --allow-endpoint http://127.0.0.1:8080\n",
        "  alexa-profile fetch --envelope request.json --allow-endpoint http://127.0.0.1:8080 --field email --field mobile --json\n",
        "\n",
        "Exit codes: 0 every field fetched or not set, 1 a field failed or its scope is not declared, \
         2 usage error, 3 consent needed.",
    ))]
    Fetch(FetchArgs),

    /// Normalize a countryCode / phoneNumber pair, as the Customer Profile API returns it, to
    /// E.164 (with ;ext=N when there is an extension).
    ///
    /// With --tsv, read countryCode<TAB>phoneNumber lines on standard input and write one line
    /// per line: the E.164 number, or "! " and the error kind (a line without a tab is a phone
    /// number without a country code). The protocol of alexa-phone's normalize example.
    #[command(after_help = concat!(
        "Examples:\n",
        "  alexa-profile phone +91 7799-82-77-11          prints +917799827711\n",
        "  alexa-profile phone 001 999-999-9999           prints +19999999999\n",
        "  printf '+44\\t020 7946 0958 ext. 12\\n+1\\t555-CALL\\n' | alexa-profile phone --tsv\n",
        "\n",
        "A number that cannot be normalized exits with 1; with --tsv, its line says why.",
    ))]
    Phone(PhoneArgs),

    /// Read or write request envelopes.
    #[command(
        subcommand_required = true,
        arg_required_else_help = false,
        after_help = concat!(
            "Examples:\n",
            "  alexa-profile envelope inspect request.json\n",
            "  alexa-profile envelope new launch --endpoint http://127.0.0.1:8080 --token tok-alice",
        )
    )]
    Envelope {
        #[command(subcommand)]
        command: EnvelopeCommand,
    },

    /// Check a skill manifest (skill.json) against the consent rules.
    ///
    /// Unknown permission names (with the one a typo meant), full name with given name, profile
    /// scopes on a child-directed skill, a missing privacy policy, permission events not
    /// subscribed. Exits with 1 when there is a finding.
    #[command(after_help = concat!(
        "Examples:\n",
        "  alexa-profile check-manifest skill-package/skill.json\n",
        "  alexa-profile check-manifest skill-package/skill.json --json",
    ))]
    CheckManifest(CheckManifestArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// The locale of the requests, which picks the language of the prompts: one of Alexa's
    /// locales in Dutch, English, French, German, Hindi, Italian, Japanese, Portuguese or Spanish
    /// (nl-NL, en-US, fr-FR, de-DE, hi-IN, it-IT, ja-JP, pt-BR, es-ES, ...).
    #[arg(long, default_value = "en-US", value_parser = crate::locale::parse_prompt_locale)]
    pub(crate) locale: String,
}

#[derive(Debug, Args)]
pub(crate) struct EmulateArgs {
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub(crate) listen: SocketAddr,

    /// A fixture file (profiles and tokens; see docs/emulator.md). Default: the built-in sample.
    #[arg(long, value_name = "FILE")]
    pub(crate) fixtures: Option<PathBuf>,

    /// Delay every answer by this much: 150ms, 1s, 1.5s, 2m.
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse)]
    pub(crate) latency: Option<Duration>,

    /// Serve HTTPS with a certificate generated at start, signed by a CA generated with it.
    #[arg(long)]
    pub(crate) tls: bool,

    /// With --tls: write the CA certificate (PEM) here. Default: a file in the temporary
    /// directory, whose path is printed.
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub(crate) ca_out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct FetchArgs {
    /// The request envelope (JSON), or - for standard input.
    #[arg(long, value_name = "FILE")]
    pub(crate) envelope: PathBuf,

    /// A field to fetch: name, given-name, email or mobile. Repeat it for several. Default: all
    /// four.
    #[arg(long = "field", value_name = "FIELD")]
    pub(crate) fields: Vec<ProfileField>,

    /// Fetch the recognized speaker's contact information (Person Profile API) rather than the
    /// account holder's. The envelope must carry context.System.person. The Person Profile API
    /// has no email: asking for it reports an error for that field.
    #[arg(long)]
    pub(crate) person: bool,

    /// Also call this endpoint (exactly: scheme, host and port), such as the emulator's
    /// http://127.0.0.1:8080. Without it, only https and Amazon's three API hosts are called.
    #[arg(long, value_name = "URL")]
    pub(crate) allow_endpoint: Vec<String>,

    /// The skill's name, spoken in the consent prompt.
    #[arg(long, value_name = "NAME", default_value = "this skill")]
    pub(crate) skill_name: String,

    /// Print one JSON object: every field's status (and value), and the response the skill
    /// should answer with (or null).
    #[arg(long)]
    pub(crate) json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct PhoneArgs {
    /// The country code: +1, 1, 001, +91, ...
    #[arg(required_unless_present = "tsv", conflicts_with = "tsv", allow_hyphen_values = true)]
    pub(crate) country_code: Option<String>,

    /// The phone number, loosely formatted: 415-555-2671, +91 7799 82 77 11, ...
    #[arg(required_unless_present = "tsv", allow_hyphen_values = true)]
    pub(crate) phone_number: Option<String>,

    /// Read countryCode<TAB>phoneNumber lines on standard input instead.
    #[arg(long)]
    pub(crate) tsv: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum EnvelopeCommand {
    /// Print the identity-relevant facts of a request envelope as one line of JSON (what
    /// alexa-model's inspect example prints).
    ///
    /// The keys: type, requestId, locale, userId, personId, apiEndpoint, accountTokenSource,
    /// acceptedPermissions, acceptedPersonPermissions. No token is ever printed.
    #[command(after_help = concat!(
        "Examples:\n",
        "  alexa-profile envelope inspect request.json\n",
        "  alexa-profile envelope inspect --debug - < request.json",
    ))]
    Inspect(InspectArgs),

    /// Write a request envelope for tests, pointing at an endpoint with a token, on stdout.
    #[command(
        subcommand_required = true,
        arg_required_else_help = false,
        after_help = concat!(
            "Examples:\n",
            "  alexa-profile envelope new launch --endpoint http://127.0.0.1:8080 --token tok-alice\n",
            "  alexa-profile envelope new intent OrderIntent --endpoint http://127.0.0.1:8080 --token tok-bob-speaking --person amzn1.ask.person.BOB --locale de-DE\n",
            "  alexa-profile envelope new permission-accepted --endpoint https://api.amazonalexa.com --token eyJ0eXAi --scope alexa::profile:email:read",
        )
    )]
    New {
        #[command(subcommand)]
        kind: NewEnvelope,
    },
}

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Print the decoded envelope (tokens redacted) instead of the one-line summary.
    #[arg(long)]
    pub(crate) debug: bool,

    /// The envelope file, or - for standard input.
    #[arg(value_name = "FILE|-")]
    pub(crate) file: PathBuf,
}

#[derive(Debug, Subcommand)]
pub(crate) enum NewEnvelope {
    /// A LaunchRequest ("Alexa, open ...").
    #[command(
        after_help = "Example:\n  alexa-profile envelope new launch --endpoint http://127.0.0.1:8080 --token tok-alice"
    )]
    Launch(NewArgs),

    /// An IntentRequest for the intent NAME.
    #[command(
        after_help = "Example:\n  alexa-profile envelope new intent OrderIntent --endpoint http://127.0.0.1:8080 --token tok-alice --locale fr-FR"
    )]
    Intent {
        /// The intent's name, such as OrderIntent.
        name: String,
        #[command(flatten)]
        common: NewArgs,
    },

    /// AlexaSkillEvent.SkillPermissionAccepted, listing the --scope (and --person-scope) granted.
    #[command(
        after_help = "Example:\n  alexa-profile envelope new permission-accepted --endpoint http://127.0.0.1:8080 --token tok-alice --scope alexa::profile:email:read"
    )]
    PermissionAccepted(NewArgs),

    /// AlexaSkillEvent.SkillPermissionChanged, listing the --scope (and --person-scope) granted
    /// now.
    #[command(
        after_help = "Example:\n  alexa-profile envelope new permission-changed --endpoint http://127.0.0.1:8080 --token tok-alice --scope alexa::profile:email:read --scope alexa::profile:mobile_number:read"
    )]
    PermissionChanged(NewArgs),
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// context.System.apiEndpoint, such as https://api.amazonalexa.com or the emulator's URL.
    #[arg(long, value_name = "URL")]
    pub(crate) endpoint: String,

    /// context.System.apiAccessToken (with the emulator's built-in sample: a token name such as
    /// tok-alice).
    #[arg(long, value_name = "TOKEN")]
    pub(crate) token: String,

    /// context.System.person.personId: a recognized speaker.
    #[arg(long, value_name = "ID")]
    pub(crate) person: Option<String>,

    /// context.System.user.userId.
    #[arg(long, value_name = "ID", default_value = "amzn1.ask.account.TEST")]
    pub(crate) user: String,

    /// request.locale, such as en-US or de-DE.
    #[arg(long, value_name = "LOCALE", default_value = "en-US", value_parser = crate::locale::parse_locale)]
    pub(crate) locale: String,

    /// A scope the permission event lists as accepted (exact Amazon string). Repeat it.
    #[arg(long = "scope", value_name = "SCOPE")]
    pub(crate) scopes: Vec<Scope>,

    /// A scope the permission event lists as accepted by the recognized speaker. Repeat it.
    #[arg(long = "person-scope", value_name = "SCOPE", requires = "person")]
    pub(crate) person_scopes: Vec<Scope>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckManifestArgs {
    /// The skill manifest (skill.json), or - for standard input.
    #[arg(value_name = "FILE|-")]
    pub(crate) file: PathBuf,

    /// Print one JSON object, {"findings": [{"code", "severity", "path", "message"}]}.
    #[arg(long)]
    pub(crate) json: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_codes_are_documented_in_the_top_level_help() {
        let help = Cli::command().render_long_help().to_string();
        assert!(
            help.contains(
                "Exit codes: 0 success, 1 failure or findings, 2 usage error, 3 consent needed"
            ),
            "{help}"
        );
    }
}
