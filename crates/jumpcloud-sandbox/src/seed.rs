//! Deterministic seed data: organizations, users, directories, people waiting to be imported,
//! user groups and a few associations.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::rng::Rng;
use crate::seed_names::{ascii_slug, CULTURES, DEPARTMENTS, LOCATIONS, ORGS};
use crate::store::{Assoc, DirectoryRec, Doc, ExternalPerson, GroupRec, Store, UserRec};
use crate::timefmt::format_millis;
use crate::userdoc::{Interner, UserDoc};

/// 2021-03-01T00:00:00Z: seeded records are dated from here on.
const SEED_EPOCH_SECS: u64 = 1_614_556_800;
const SEED: u64 = 0x0005_eed0_2024;

pub struct SeedConfig {
    pub api_key: String,
    pub orgs: usize,
    pub users_per_org: usize,
    /// How many people who are not in JumpCloud yet each Google Workspace and Microsoft 365
    /// directory holds; none: 24 and 18.
    pub platform_people: Option<usize>,
}

fn obj(v: Value) -> Doc {
    match v {
        Value::Object(m) => m,
        _ => Doc::new(),
    }
}

pub fn seed(cfg: &SeedConfig) -> Store {
    let mut store = Store {
        format: 1,
        id_machine: 0x5a_4d_b0_c4_01,
        ..Store::default()
    };
    let mut org_ids = Vec::new();
    for n in 0..cfg.orgs.max(1) {
        let mut rng = Rng::new(SEED.wrapping_add(n as u64 * 7919));
        let org_id = seed_org(&mut store, n);
        seed_users(&mut store, &mut rng, &org_id, n, cfg.users_per_org);
        seed_directories(&mut store, &mut rng, &org_id, n, cfg.platform_people);
        seed_groups(&mut store, &org_id, n);
        org_ids.push(org_id);
    }
    store.keys.insert(cfg.api_key.clone(), org_ids);
    store
}

fn org_name(n: usize) -> (String, String) {
    match ORGS.get(n) {
        Some((name, domain)) => (name.to_string(), domain.to_string()),
        None => (
            format!("Example Org {}", n + 1),
            format!("org{}.example.com", n + 1),
        ),
    }
}

fn seed_org(store: &mut Store, n: usize) -> String {
    let (name, domain) = org_name(n);
    let created_secs = SEED_EPOCH_SECS - 86_400 * 30 + n as u64 * 3600;
    let id = store.new_id_at(created_secs);
    let doc = obj(json!({
        "_id": id,
        "displayName": name,
        "logoUrl": "",
        "created": format_millis(created_secs as i64 * 1000),
        "accessRestriction": "",
        "accountsReceivable": "",
        "hasCreditCard": false,
        "hasStripeCustomerId": false,
        "provider": "",
        "totalBillingEstimate": 0,
        "settings": {
            "name": name,
            "contactName": "IT Admin",
            "contactEmail": format!("it-admin@{domain}"),
            "enableGoogleApps": true,
            "enableO365": true,
            "enableManagedUID": false,
            "disableLdap": false,
            "disableUM": false,
            "disableCommandRunner": false,
            "maxSystemUsers": 0,
            "passwordCompliance": "custom",
            "passwordPolicy": {
                "enableMinLength": true,
                "minLength": 8,
                "needsLowercase": true,
                "needsUppercase": true,
                "needsNumeric": true,
                "needsSymbolic": true,
                "allowUsernameSubstring": false,
                "enableMaxHistory": true,
                "maxHistory": 3,
                "enablePasswordExpirationInDays": false,
                "passwordExpirationInDays": 90,
                "enableMaxLoginAttempts": true,
                "maxLoginAttempts": 10,
                "enableLockoutTimeInSeconds": true,
                "lockoutTimeInSeconds": 600
            },
            "newSystemUserStateDefaults": {
                "manualEntry": "ACTIVATED",
                "csvImport": "STAGED",
                "applicationImport": "STAGED"
            }
        }
    }));
    store.orgs.push(doc);
    id
}

fn org_domain(n: usize) -> String {
    org_name(n).1
}

/// A name from the word lists (borrowed: a big org draws many, most of them taken already).
struct Person {
    first: &'static str,
    last: &'static str,
}

fn person(rng: &mut Rng) -> Person {
    let c = rng.pick(CULTURES);
    Person {
        first: rng.pick::<&str>(c.given),
        last: rng.pick::<&str>(c.family),
    }
}

/// Names handed out so far, and for each base the suffix to try next.
#[derive(Default)]
struct Taken {
    names: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Taken {
    /// `base`, else `base2`, `base3`, ...: the first not taken yet. Names are never given back,
    /// so the search for a base goes on from where it last stopped (a big org has hundreds of
    /// `jsmith`s).
    fn unique(&mut self, base: &str) -> String {
        let mut k = self.next.get(base).copied().unwrap_or(1);
        let mut candidate = if k == 1 {
            base.to_string()
        } else {
            format!("{base}{k}")
        };
        while self.names.contains(&candidate) {
            k += 1;
            candidate = format!("{base}{k}");
        }
        self.next.insert(base.to_string(), k + 1);
        self.names.insert(candidate.clone());
        candidate
    }
}

fn seed_users(store: &mut Store, rng: &mut Rng, org: &str, n: usize, count: usize) {
    let domain = org_domain(n);
    let company = org_name(n).0;
    let mut usernames = Taken::default();
    let mut locals = Taken::default();
    let heads = DEPARTMENTS.len().min(count.saturating_sub(1));
    let mut head_ids: Vec<String> = Vec::new();
    let mut ceo_id = String::new();
    let mut staged = 0;
    let mut suspended = 0;
    let mut names = HashSet::new();
    // Repeated values (the org, departments, titles, names, `mfa` objects) are stored once.
    let mut interner = Interner::default();
    let mut display = String::new();
    for i in 0..count {
        let mut p = person(rng);
        for _ in 0..20 {
            display.clear();
            display.push_str(p.first);
            display.push(' ');
            display.push_str(p.last);
            if !names.contains(display.as_str()) {
                names.insert(display.clone());
                break;
            }
            p = person(rng);
        }
        let (f, l) = (ascii_slug(p.first), ascii_slug(p.last));
        let username = usernames.unique(&format!("{}{}", &f[..1.min(f.len())], l));
        let local = locals.unique(&format!("{f}.{l}"));
        let created_secs = SEED_EPOCH_SECS + i as u64 * 777_600 + rng.below(86_400) as u64;
        let id = store.new_id_at(created_secs);
        let unix_id = 5001 + i as i64;
        // The fields that differ from the defaults, as `userdoc::new_doc` and the lines below
        // would set them on a whole document (later pairs win).
        let mut doc: Vec<(&str, Value)> = vec![
            ("_id", json!(id)),
            ("organization", json!(org)),
            ("created", json!(format_millis(created_secs as i64 * 1000))),
            ("unix_uid", json!(unix_id)),
            ("unix_guid", json!(unix_id)),
        ];
        let (dept, title, manager) = if i == 0 {
            ("Executive", "Chief Executive Officer", None)
        } else if i <= heads {
            let d = &DEPARTMENTS[i - 1];
            (d.name, d.head, Some(ceo_id.clone()))
        } else {
            let k = rng.below(heads.max(1));
            match DEPARTMENTS.get(k).filter(|_| heads > 0) {
                Some(d) => (d.name, *rng.pick(d.titles), head_ids.get(k).cloned()),
                None => ("Operations", "Operations Associate", None),
            }
        };
        // States: leaders are active; everyone else mostly active, some staged or suspended.
        let remaining = count - i;
        let state = if i <= heads {
            "ACTIVATED"
        } else if staged == 0 && remaining <= 2 {
            "STAGED"
        } else if suspended == 0 && remaining <= 1 {
            "SUSPENDED"
        } else {
            let r = rng.unit();
            if r < 0.12 {
                "STAGED"
            } else if r < 0.24 {
                "SUSPENDED"
            } else {
                "ACTIVATED"
            }
        };
        match state {
            "STAGED" => staged += 1,
            "SUSPENDED" => suspended += 1,
            _ => {}
        }
        let location = *rng.pick(LOCATIONS);
        let employee_type = match rng.below(20) {
            0 => "Part-time",
            1 | 2 => "Contractor",
            _ => "Full-time",
        };
        let dept_idx = DEPARTMENTS.iter().position(|d| d.name == dept).unwrap_or(9);
        doc.extend([
            ("username", json!(username)),
            ("email", json!(format!("{local}@{domain}"))),
            ("displayname", json!(format!("{} {}", p.first, p.last))),
            ("firstname", json!(p.first)),
            ("lastname", json!(p.last)),
            ("department", json!(dept)),
            ("jobTitle", json!(title)),
            ("company", json!(company)),
            ("location", json!(location)),
            ("employeeType", json!(employee_type)),
            ("employeeIdentifier", json!(format!("E{}", 10_001 + i))),
            ("costCenter", json!(format!("CC-{}", 100 + dept_idx * 10))),
            ("creationSource", json!("jumpcloud:manual")),
            (
                "phoneNumbers",
                json!([{"id": store.new_id_at(created_secs), "type": "work", "number": format!("+1 555-01{:02}", i % 100)}]),
            ),
        ]);
        if let Some(m) = &manager {
            doc.push(("manager", json!(m)));
        }
        if dept == "IT" {
            doc.push(("sudo", json!(true)));
        }
        if state != "STAGED" {
            doc.push(("activated", json!(true)));
            let pw = (created_secs as i64 + 3600) * 1000;
            doc.push(("password_date", json!(format_millis(pw))));
            if rng.chance(0.6) {
                doc.extend([
                    ("mfa", json!({"configured": true, "exclusion": false})),
                    ("totp_enabled", json!(true)),
                    (
                        "mfaEnrollment",
                        json!({"overallStatus": "ENROLLED", "totpStatus": "ENROLLED", "pushStatus": "NOT_ENROLLED",
                               "webAuthnStatus": "NOT_ENROLLED", "jcGoStatus": "NOT_ENROLLED"}),
                    ),
                ]);
            }
        }
        // `userdoc::set_state`
        doc.push(("state", json!(state)));
        doc.push(("suspended", json!(state == "SUSPENDED")));
        if state == "ACTIVATED" {
            doc.push(("activated", json!(true)));
        }
        if i == 0 {
            ceo_id = id.clone();
        } else if i <= heads {
            head_ids.push(id.clone());
        }
        let mut rec = UserRec::new(org, UserDoc::from_pairs(doc, &mut interner));
        rec.password = (state != "STAGED").then(|| format!("Seeded-{i}-Pass!"));
        store.users.insert(id, rec);
    }
}

fn ext_person(rng: &mut Rng, email: String, first: &str, last: &str, k: usize) -> ExternalPerson {
    let d = rng.pick(DEPARTMENTS);
    ExternalPerson {
        external_id: String::new(),
        email,
        firstname: first.to_string(),
        lastname: last.to_string(),
        department: d.name.to_string(),
        job_title: rng.pick(d.titles).to_string(),
        location: rng.pick(LOCATIONS).to_string(),
        employee_identifier: format!("E{}", 20_001 + k),
        phone: format!("+1 555-02{:02}", k % 100),
    }
}

fn seed_directories(
    store: &mut Store,
    rng: &mut Rng,
    org: &str,
    n: usize,
    platform_people: Option<usize>,
) {
    let domain = org_domain(n);
    let at = SEED_EPOCH_SECS - 86_400 * 20;
    let ldap = store.new_id_at(at);
    let gsuite = store.new_id_at(at + 60);
    let o365 = store.new_id_at(at + 120);
    let domain_id = store.new_id_at(at + 30);
    let mk = |id: &str, kind: &str, name: &str, extra: Value| DirectoryRec {
        id: id.to_string(),
        org: org.to_string(),
        kind: kind.to_string(),
        name: name.to_string(),
        extra: obj(extra),
    };
    let dirs = [
        mk(&ldap, "ldap_server", "JumpCloud LDAP", json!({})),
        mk(
            &gsuite,
            "g_suite",
            "Google Workspace",
            json!({"defaultDomain": {"id": domain_id, "domain": domain}, "groupsEnabled": false,
                   "userLockoutAction": "suspend", "userPasswordExpirationAction": "maintain"}),
        ),
        mk(
            &o365,
            "office_365",
            "Microsoft 365",
            json!({"defaultDomain": {"id": domain_id, "domain": domain}, "groupsEnabled": false,
                   "userLockoutAction": "suspend", "userPasswordExpirationAction": "maintain"}),
        ),
    ];
    for d in dirs {
        store.directories.insert(d.id.clone(), d);
    }

    // People in the two cloud directories: some are JumpCloud users already, most are new.
    let existing: Vec<(String, String, String, String)> = store
        .users_of(org)
        .map(|u| {
            let s = |k| u.str_field(k).unwrap_or_default().to_string();
            (
                u.id().to_string(),
                s("email"),
                s("firstname"),
                s("lastname"),
            )
        })
        .collect();
    let mut taken = Taken {
        names: existing
            .iter()
            .filter_map(|e| e.1.split('@').next().map(str::to_string))
            .collect(),
        next: HashMap::new(),
    };
    for (dir, count_new, every) in [
        (&gsuite, platform_people.unwrap_or(24), 3usize),
        (&o365, platform_people.unwrap_or(18), 4),
    ] {
        let mut people = Vec::new();
        for (k, (uid, email, first, last)) in
            existing.iter().enumerate().filter(|(k, _)| k % every == 1)
        {
            let mut p = ext_person(rng, email.clone(), first, last, k);
            p.employee_identifier = String::new();
            people.push(p);
            // Half of those already in JumpCloud are bound to the directory.
            if people.len() % 2 == 0 {
                store.assocs.push(Assoc {
                    org: org.to_string(),
                    from_type: "user".into(),
                    from_id: uid.clone(),
                    to_type: store
                        .directories
                        .get(dir.as_str())
                        .map(|d| d.kind.clone())
                        .unwrap_or_default(),
                    to_id: dir.to_string(),
                    attributes: None,
                });
            }
        }
        for k in 0..count_new {
            let p = person(rng);
            let local = taken.unique(&format!("{}.{}", ascii_slug(p.first), ascii_slug(p.last)));
            people.push(ext_person(
                rng,
                format!("{local}@{domain}"),
                p.first,
                p.last,
                100 + k,
            ));
        }
        let is_google = dir == &gsuite;
        for p in &mut people {
            p.external_id = if is_google {
                format!("10{:019}", rng.next_u64() % 10_000_000_000_000_000_000)
            } else {
                let a = rng.next_u64();
                let b = rng.next_u64();
                format!(
                    "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    0x8000 | (b >> 48) & 0x3fff,
                    b & 0xffff_ffff_ffff
                )
            };
        }
        people.sort_by(|a, b| a.email.cmp(&b.email));
        store.external_people.insert(dir.to_string(), people);
    }
}

fn seed_groups(store: &mut Store, org: &str, n: usize) {
    let at = SEED_EPOCH_SECS - 86_400 * 10;
    let users: Vec<(String, String)> = store
        .users_of(org)
        .map(|u| {
            (
                u.id().to_string(),
                u.str_field("department").unwrap_or_default().to_string(),
            )
        })
        .collect();
    let gsuite = store
        .directories
        .values()
        .find(|d| d.org == org && d.kind == "g_suite")
        .map(|d| d.id.clone());
    let domain = org_domain(n);
    for (i, (name, dept)) in [
        ("All Employees", None),
        ("Engineering", Some("Engineering")),
        ("Sales", Some("Sales")),
        ("IT Admins", Some("IT")),
    ]
    .into_iter()
    .enumerate()
    {
        let id = store.new_id_at(at + i as u64 * 60);
        let members = users
            .iter()
            .filter(|(_, d)| dept.is_none_or(|want| d == want))
            .map(|(id, _)| id.clone())
            .collect();
        let doc = obj(json!({
            "id": id,
            "name": name,
            "type": "user_group",
            "description": format!("{name} ({})", org_name(n).0),
            "email": format!("{}@{domain}", ascii_slug(name)),
            "membershipMethod": "STATIC",
            "attributes": {"sudo": {"enabled": dept == Some("IT"), "withoutPassword": false}}
        }));
        store.groups.insert(
            id.clone(),
            GroupRec {
                org: org.to_string(),
                doc,
                members,
            },
        );
        if dept == Some("Engineering") {
            if let Some(g) = &gsuite {
                store.assocs.push(Assoc {
                    org: org.to_string(),
                    from_type: "user_group".into(),
                    from_id: id,
                    to_type: "g_suite".into(),
                    to_id: g.clone(),
                    attributes: None,
                });
            }
        }
    }
}
