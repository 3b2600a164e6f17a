//! Word lists for realistic seed data. Names are grouped by culture so given and family names match.

pub struct Culture {
    pub given: &'static [&'static str],
    pub family: &'static [&'static str],
}

pub const CULTURES: &[Culture] = &[
    Culture {
        given: &[
            "Olivia",
            "James",
            "Emma",
            "William",
            "Charlotte",
            "Henry",
            "Amelia",
            "Oliver",
        ],
        family: &[
            "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Wright",
        ],
    },
    Culture {
        given: &["Sofía", "Mateo", "Valentina", "Santiago", "Lucía", "Diego"],
        family: &[
            "García",
            "Rodríguez",
            "Martínez",
            "Hernández",
            "López",
            "Gómez",
        ],
    },
    Culture {
        given: &["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram"],
        family: &["Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair"],
    },
    Culture {
        given: &["Wei", "Jun", "Xiuying", "Hao", "Mei", "Yan"],
        family: &["Wang", "Li", "Zhang", "Chen", "Liu", "Huang"],
    },
    Culture {
        given: &["Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina"],
        family: &["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito"],
    },
    Culture {
        given: &["Chinedu", "Adaeze", "Oluwaseun", "Ngozi", "Emeka", "Folake"],
        family: &["Okafor", "Adeyemi", "Okonkwo", "Balogun", "Eze", "Nwosu"],
    },
    Culture {
        given: &["Lukas", "Anna", "Jonas", "Lena", "Felix", "Marie"],
        family: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Becker",
        ],
    },
    Culture {
        given: &["Omar", "Layla", "Youssef", "Fatima", "Karim", "Nour"],
        family: &["Haddad", "Mansour", "Khalil", "Nasser", "Saleh", "Farouk"],
    },
    Culture {
        given: &["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Soo-ah"],
        family: &["Kim", "Lee", "Park", "Choi", "Jung", "Kang"],
    },
    Culture {
        given: &["Minh", "Linh", "Anh", "Thảo", "Duc", "Lan"],
        family: &["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu"],
    },
    Culture {
        given: &["Jakub", "Zofia", "Kacper", "Julia", "Szymon", "Maja"],
        family: &["Nowak", "Kowalczyk", "Wójcik", "Mazur", "Krawczyk", "Zając"],
    },
    Culture {
        given: &["João", "Ana", "Gabriel", "Beatriz", "Rafael", "Larissa"],
        family: &["Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira"],
    },
    Culture {
        given: &["Siobhán", "Cian", "Aoife", "Niamh", "Seán", "Ciara"],
        family: &[
            "O'Brien",
            "Murphy",
            "Kelly",
            "Byrne",
            "Ó Súilleabháin",
            "Walsh",
        ],
    },
    Culture {
        given: &["Erik", "Astrid", "Lars", "Ingrid", "Björn", "Elsa"],
        family: &[
            "Andersson",
            "Johansson",
            "Lindqvist",
            "Nilsson",
            "Berg",
            "Åkesson",
        ],
    },
];

pub struct Department {
    pub name: &'static str,
    pub head: &'static str,
    pub titles: &'static [&'static str],
}

pub const DEPARTMENTS: &[Department] = &[
    Department {
        name: "Engineering",
        head: "VP of Engineering",
        titles: &[
            "Software Engineer",
            "Senior Software Engineer",
            "Staff Engineer",
            "QA Engineer",
            "Site Reliability Engineer",
        ],
    },
    Department {
        name: "Sales",
        head: "VP of Sales",
        titles: &[
            "Account Executive",
            "Sales Development Representative",
            "Sales Engineer",
        ],
    },
    Department {
        name: "IT",
        head: "IT Director",
        titles: &[
            "IT Administrator",
            "Systems Engineer",
            "Help Desk Technician",
        ],
    },
    Department {
        name: "Marketing",
        head: "Head of Marketing",
        titles: &["Marketing Manager", "Content Strategist", "Growth Analyst"],
    },
    Department {
        name: "Finance",
        head: "Head of Finance",
        titles: &["Accountant", "Financial Analyst", "Payroll Specialist"],
    },
    Department {
        name: "People",
        head: "Head of People",
        titles: &[
            "HR Business Partner",
            "Recruiter",
            "People Operations Specialist",
        ],
    },
    Department {
        name: "Customer Success",
        head: "Director of Customer Success",
        titles: &["Customer Success Manager", "Support Specialist"],
    },
    Department {
        name: "Product",
        head: "Head of Product",
        titles: &["Product Manager", "Product Designer", "UX Researcher"],
    },
    Department {
        name: "Legal",
        head: "General Counsel",
        titles: &["Legal Counsel", "Paralegal"],
    },
];

pub const LOCATIONS: &[&str] = &[
    "New York",
    "Austin",
    "London",
    "Berlin",
    "Bengaluru",
    "São Paulo",
    "Tokyo",
    "Lagos",
    "Remote",
];

/// (display name, email domain) of the seeded organizations; more are numbered.
pub const ORGS: &[(&str, &str)] = &[
    ("Example Corp", "example.com"),
    ("Northwind Traders", "northwind.example.com"),
    ("Contoso Ltd", "contoso.example.com"),
    ("Fabrikam Inc", "fabrikam.example.com"),
    ("Tailspin Toys", "tailspin.example.com"),
];

/// Lower-case ASCII for usernames and email local parts: accents folded, other marks dropped.
pub fn ascii_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ả' | 'ą' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ę' => "e",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => "o",
            'ú' | 'ù' | 'û' | 'ü' => "u",
            'ñ' | 'ń' => "n",
            'ç' | 'ć' => "c",
            'ß' => "ss",
            'ł' => "l",
            'ś' => "s",
            'ź' | 'ż' => "z",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ascii_slug;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(ascii_slug("Ó Súilleabháin"), "osuilleabhain");
        assert_eq!(ascii_slug("Müller"), "muller");
        assert_eq!(ascii_slug("O'Brien"), "obrien");
        assert_eq!(ascii_slug("Min-jun"), "minjun");
    }
}
