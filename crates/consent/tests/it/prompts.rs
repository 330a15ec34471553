//! Seed 001's two messages in nine languages, compared word for word with the seed.
//!
//! `tests/data/seed001_messages.txt` holds the seed's sentences verbatim. Each "permission needed"
//! template is filled with the seed's own resource names and compared with what the crate writes;
//! each "not set" template likewise, with the few changes the notes in `data/prompts.json` explain
//! (spelled out below, never hidden in a helper).

use alexa_consent::{Language, ProfileField, Prompt};

const SKILL: &str = "Bigg Basket";

/// The seed's sentences: (permission needed, not set), each in the seed's order.
fn seed() -> (Vec<String>, Vec<String>) {
    let text = crate::data("seed001_messages.txt");
    let mut section = "";
    let (mut needed, mut not_set) = (Vec::new(), Vec::new());
    for line in text.lines() {
        match line {
            "" => {}
            l if l.starts_with('#') => {}
            "[permission_needed]" | "[not_set]" => section = line,
            l if section == "[permission_needed]" => needed.push(l.to_owned()),
            l => not_set.push(l.to_owned()),
        }
    }
    assert_eq!((needed.len(), not_set.len()), (9, 9));
    (needed, not_set)
}

/// Splits a seed "permission needed" line into (template with `{skill}` and `{resources}`, the
/// four resource names in the seed's order: full name, given name, email, phone).
fn needed_template(line: &str) -> (String, Vec<String>) {
    let skill = if line.contains("{Skill_name}") { "{Skill_name}" } else { "{スキル名}" };
    let line = line.replace(skill, "{skill}");
    let start = line.rfind('{').unwrap();
    let end = start + line[start..].find('}').unwrap();
    let list = &line[start + 1..end];
    let names: Vec<String> = if list.starts_with('(') {
        // German: "(deinen Vollen Namen/Vornamen) / (deine E-Mail-Adresse/Telefonnummer)": each
        // group's possessive goes with every noun of the group.
        list.split(" / ")
            .flat_map(|group| {
                let items: Vec<&str> = group.trim_matches(['(', ')']).split('/').collect();
                let possessive = items[0].split(' ').next().unwrap().to_owned();
                items
                    .into_iter()
                    .enumerate()
                    .map(
                        move |(i, item)| {
                            if i == 0 { item.to_owned() } else { format!("{possessive} {item}") }
                        },
                    )
                    .collect::<Vec<_>>()
            })
            .collect()
    } else {
        list.split(['/', '、']).map(str::to_owned).collect()
    };
    assert_eq!(names.len(), 4, "{line}");
    (format!("{}{{resources}}{}", &line[..start], &line[end + 1..]), names)
}

fn fill(template: &str, resources: &str) -> String {
    template.replace("{skill}", SKILL).replace("{resources}", resources)
}

const SEED_ORDER: [Language; 9] = [
    Language::Nl,
    Language::En,
    Language::Fr,
    Language::De,
    Language::Hi,
    Language::It,
    Language::Ja,
    Language::Pt,
    Language::Es,
];

#[test]
fn permission_needed_matches_the_seed_in_every_language_for_every_field() {
    let (needed, _) = seed();
    assert_eq!(Language::ALL, SEED_ORDER);
    let mut compared = 0;
    for (language, line) in SEED_ORDER.into_iter().zip(&needed) {
        let (template, names) = needed_template(line);
        for (field, name) in ProfileField::ALL.into_iter().zip(&names) {
            let prompt = Prompt::permission_needed(language, SKILL, [field]).unwrap();
            assert_eq!(prompt.text(), fill(&template, name), "{language} {field}");
            compared += 1;
        }
    }
    assert_eq!(compared, 36);
}

#[test]
fn not_set_matches_the_seed_in_every_language_for_every_field() {
    let (_, not_set) = seed();
    // The seed's order: nl, en, nl (second variant), de, hi, it, ja, pt, es. We use the second
    // Dutch variant (see data/prompts.json); the seed has no French sentence.
    let template = |i: usize| not_set[i].replace("resource_name", "{resources}");
    let cases: [(Language, String, [&str; 4]); 8] = [
        (
            Language::Nl,
            template(2),
            ["volledige naam", "voornamen", "e-mailadres", "telefoonnummer"],
        ),
        (Language::En, template(1), ["full name", "given name", "email address", "phone number"]),
        // German: the subject is nominative ("voller Name", "Vorname"), not the seed's accusative.
        (Language::De, template(3), ["voller Name", "Vorname", "E-Mail-Adresse", "Telefonnummer"]),
        // Hindi: the subject takes the direct case ("ईमेल पता"), not the seed's oblique "ईमेल पते".
        (Language::Hi, template(4), ["पूर्ण नाम", "दिया गया नाम", "ईमेल पता", "फोन नंबर"]),
        (
            Language::It,
            template(5),
            ["nome completo", "nome", "indirizzo email", "numero di telefono"],
        ),
        (Language::Ja, template(6), ["姓名", "名前", "Eメールアドレス", "電話番号"]),
        (
            Language::Pt,
            template(7),
            ["nome completo", "nome próprio", "endereço de e-mail", "número de telefone"],
        ),
        (
            Language::Es,
            template(8),
            [
                "nombre completo",
                "nombre de pila",
                "dirección de correo electrónico",
                "número de teléfono",
            ],
        ),
    ];
    let mut compared = 0;
    for (language, template, names) in cases {
        for (field, name) in ProfileField::ALL.into_iter().zip(names) {
            let mut expected = template.replace("{resources}", name);
            match (language, field) {
                // "voornamen" (the seed's word) is a plural: the verb agrees.
                (Language::Nl, ProfileField::GivenName) => {
                    expected = expected.replace(" is nog niet ", " zijn nog niet ");
                }
                // The seed's "Dein" fits masculine nouns; feminine ones take "Deine", as the
                // seed's own permission message has "deine E-Mail-Adresse/Telefonnummer".
                (Language::De, ProfileField::Email | ProfileField::MobileNumber) => {
                    expected = expected.replacen("Dein ", "Deine ", 1);
                }
                // "dirección" is feminine.
                (Language::Es, ProfileField::Email) => {
                    expected = expected.replace("configurado", "configurada");
                }
                _ => {}
            }
            let prompt = Prompt::not_set(language, [field]).unwrap();
            assert_eq!(prompt.text(), expected, "{language} {field}");
            compared += 1;
        }
    }
    assert_eq!(compared, 32);
    // The changes above are the only ones: every other sentence is the seed's, filled.
    assert_eq!(
        Prompt::not_set(Language::En, [ProfileField::Email]).unwrap().text(),
        "Your email address was not set. You can enter these details in your Amazon account, and \
         then invoke the skill again."
    );
}

#[test]
fn french_not_set_is_ours_and_agrees_in_gender_and_number() {
    // The seed has no French "not set" sentence; these are the crate's (data/prompts.json).
    let rest = " Vous pouvez saisir ces informations dans votre compte Amazon, puis invoquer à \
                nouveau la skill.";
    let cases = [
        (vec![ProfileField::GivenName], "Votre prénom n'a pas été défini."),
        (vec![ProfileField::MobileNumber], "Votre numéro de téléphone n'a pas été défini."),
        (vec![ProfileField::Email], "Votre adresse e-mail n'a pas été définie."),
        (vec![ProfileField::Name], "Votre nom et prénom n'ont pas été définis."),
        (
            vec![ProfileField::Email, ProfileField::MobileNumber],
            "Votre adresse e-mail et votre numéro de téléphone n'ont pas été définis.",
        ),
    ];
    for (fields, first) in cases {
        assert_eq!(Prompt::not_set(Language::Fr, fields).unwrap().text(), format!("{first}{rest}"));
    }
}

#[test]
fn several_resources_are_joined_as_each_language_joins_a_list() {
    let two = [ProfileField::Email, ProfileField::MobileNumber];
    let expected = [
        (Language::Nl, "uw e-mailadres en telefoonnummer."),
        // The seed's own example: "needs access to your email address and phone number".
        (Language::En, "your email address and phone number."),
        (Language::Fr, "votre adresse e-mail et numéro de téléphone."),
        (Language::De, "Zugriff auf deine E-Mail-Adresse und deine Telefonnummer."),
        (Language::Hi, "आपके ईमेल पते और फोन नंबर तक"),
        (Language::It, "al tuo indirizzo email e numero di telefono."),
        (Language::Ja, "がEメールアドレス、電話番号にアクセス"),
        (Language::Pt, "a seu endereço de e-mail e número de telefone."),
        (Language::Es, "a tu dirección de correo electrónico y número de teléfono."),
    ];
    for (language, part) in expected {
        let text = Prompt::permission_needed(language, SKILL, two).unwrap().text().to_owned();
        assert!(text.contains(part), "{language}: {text}");
    }

    let three = [ProfileField::GivenName, ProfileField::Email, ProfileField::MobileNumber];
    assert_eq!(
        Prompt::permission_needed(Language::En, SKILL, three).unwrap().text(),
        "In order to complete this request, Bigg Basket needs access to your given name, email \
         address and phone number. Go to the home screen in your Alexa app and grant the \
         permissions to continue."
    );
    assert_eq!(
        Prompt::permission_needed(Language::Ja, "ビッグバスケット", three).unwrap().text(),
        "このリクエストを完了するには、ビッグバスケットが名前、Eメールアドレス、電話番号にアクセス\
         する必要があります。続行するにはAlexaアプリのホーム画面でスキルに権限を付与してください。"
    );
    assert_eq!(
        Prompt::permission_needed(Language::De, SKILL, three).unwrap().text(),
        "Um diese Anfrage abzuschließen, benötigt Bigg Basket Zugriff auf deinen Vornamen, deine \
         E-Mail-Adresse und deine Telefonnummer. Um fortzufahren, gehe zum Startbildschirm deiner \
         Alexa-App und gewähre die Berechtigungen."
    );
    assert_eq!(
        Prompt::not_set(Language::En, three).unwrap().text(),
        "Your given name, your email address and your phone number were not set. You can enter \
         these details in your Amazon account, and then invoke the skill again."
    );
    assert_eq!(
        Prompt::not_set(Language::De, [ProfileField::Name, ProfileField::Email]).unwrap().text(),
        "Dein voller Name und deine E-Mail-Adresse wurden nicht festgelegt. Du kannst diese \
         Details in deinem Amazon-Konto eingeben und den Skill dann erneut aufrufen."
    );
    assert_eq!(
        Prompt::not_set(Language::Hi, two).unwrap().text(),
        "आपका ईमेल पता और आपका फोन नंबर सेट नहीं किए गए थे। आप इन विवरणों को अपने Amazon खाते में दर्ज \
         कर सकते हैं, और फिर skill को शुरू कर सकते हैं।"
    );
    assert_eq!(
        Prompt::not_set(Language::Ja, two).unwrap().text(),
        "Eメールアドレス、電話番号が設定されていません。Amazonアカウントでこれらの詳細を入力してから、\
         スキルをもう一度呼び出してください"
    );
    assert_eq!(
        Prompt::not_set(Language::Es, two).unwrap().text(),
        "Su dirección de correo electrónico y su número de teléfono no están configurados. Puede \
         ingresar estos detalles en su cuenta de Amazon y luego invocar la skill nuevamente."
    );
}

#[test]
fn fields_come_in_table_order_once_and_none_gives_no_prompt() {
    let a = Prompt::permission_needed(
        Language::En,
        SKILL,
        [ProfileField::MobileNumber, ProfileField::Email, ProfileField::MobileNumber],
    );
    let b = Prompt::permission_needed(
        Language::En,
        SKILL,
        [ProfileField::Email, ProfileField::MobileNumber],
    );
    assert_eq!(a, b);
    assert_eq!(Prompt::permission_needed(Language::En, SKILL, []), None);
    assert_eq!(Prompt::not_set(Language::Ja, []), None);
}

#[test]
fn text_is_escaped_for_ssml() {
    let prompt =
        Prompt::permission_needed(Language::Fr, "Tom & <Jerry>", [ProfileField::Email]).unwrap();
    assert_eq!(
        prompt.text(),
        "Afin de répondre à cette demande, Tom & <Jerry> a besoin d'accéder à votre adresse \
         e-mail. Allez à l'écran d'accueil de votre application Alexa et accordez les \
         autorisations pour continuer."
    );
    assert_eq!(
        prompt.ssml(),
        "Afin de répondre à cette demande, Tom &amp; &lt;Jerry&gt; a besoin d&apos;accéder à \
         votre adresse e-mail. Allez à l&apos;écran d&apos;accueil de votre application Alexa et \
         accordez les autorisations pour continuer."
    );
    assert_eq!(
        serde_json::to_value(prompt.to_speech()).unwrap(),
        serde_json::json!({"type": "SSML", "ssml": format!("<speak>{}</speak>", prompt.ssml())})
    );
    assert_eq!(prompt.to_string(), prompt.text());
}

#[test]
fn sentences_follow_each_other_as_the_language_writes_them() {
    let en = Prompt::not_set(Language::En, [ProfileField::Email]).unwrap();
    let needed = Prompt::permission_needed(Language::En, SKILL, [ProfileField::Name]).unwrap();
    assert_eq!(needed.then(Language::En, &en).text(), format!("{needed} {en}"));
    let ja = Prompt::not_set(Language::Ja, [ProfileField::Email]).unwrap();
    let needed = Prompt::permission_needed(Language::Ja, SKILL, [ProfileField::Name]).unwrap();
    assert_eq!(needed.then(Language::Ja, &ja).text(), format!("{needed}{ja}"));
}

#[test]
fn locales_map_to_languages() {
    let cases = [
        ("en-US", Language::En),
        ("en-GB", Language::En),
        ("pt-BR", Language::Pt),
        ("fr-CA", Language::Fr),
        ("fr-FR", Language::Fr),
        ("de-DE", Language::De),
        ("hi-IN", Language::Hi),
        ("it-IT", Language::It),
        ("ja-JP", Language::Ja),
        ("es-MX", Language::Es),
        ("es-US", Language::Es),
        ("nl-NL", Language::Nl),
        ("NL_be", Language::Nl),
        ("ar-SA", Language::En),
        ("", Language::En),
        ("x", Language::En),
    ];
    for (locale, language) in cases {
        assert_eq!(Language::from_locale(locale), language, "{locale}");
    }
    let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
    assert_eq!(codes, ["nl", "en", "fr", "de", "hi", "it", "ja", "pt", "es"]);
    assert_eq!(Language::Hi.name(), "Hindi");
    assert_eq!(Language::Pt.to_string(), "pt");
}
