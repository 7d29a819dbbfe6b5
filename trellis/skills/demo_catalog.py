"""Our own word lists for the demo organization: skills, job families, divisions, names.

Everything here is written by us and kept in plain Python so that the demo needs no data
files at run time. Order matters: the generator walks these lists in order, so changing
them changes the demo (it stays deterministic for a given version of this module).
"""

from __future__ import annotations

from dataclasses import dataclass


def _names(text: str) -> tuple[str, ...]:
    """Split a ';'-separated block into names (lets long lists stay readable)."""
    return tuple(part.strip() for part in text.split(";") if part.strip())


# --- Skills taxonomy -------------------------------------------------------------------------

SKILLS_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "skill": _names(
        """
        Python; Java; Go; TypeScript; JavaScript; Kotlin; Swift; Rust; C#; C++; SQL;
        Bash scripting; PowerShell; API design; System design; Software architecture;
        Code review; Automated testing; Debugging; Refactoring; Continuous integration;
        Continuous delivery; Performance tuning; Mobile development; Frontend development;
        Backend development; Linux administration; Cloud architecture; Observability;
        Incident management; Capacity planning; Infrastructure as code; Threat modelling;
        Penetration testing; Secure coding; Security monitoring; Incident response;
        Vulnerability management; Test automation; Test planning; Exploratory testing;
        Performance testing; API testing; Accessibility testing; Release management;
        Bug triage; Machine learning; Data visualisation; Experiment design; Data modelling;
        Data pipelines; Data analysis; Storytelling with data; Statistical modelling;
        User experience design; Interaction design; Visual design; Prototyping;
        Design systems; Usability testing; Information architecture; Illustration;
        Motion design; Content design; User interviewing; Survey design; Qualitative analysis;
        Quantitative research; Research synthesis; Journey mapping; Workshop facilitation;
        Persona development; Product discovery; Roadmapping; Prioritisation;
        Product analytics; Requirements writing; Go-to-market planning; Pricing strategy;
        Negotiation; Prospecting; Sales pipeline management; Solution selling;
        Product demonstration; Sales forecasting; Objection handling; Account planning;
        Cold calling; Content marketing; Search engine optimisation; Marketing analytics;
        Copywriting; Campaign management; Social media marketing; Email marketing;
        Market research; Paid advertising; Event planning; Public relations; Brand strategy;
        Customer onboarding; Account management; Renewals management; Churn analysis;
        Customer journey mapping; Troubleshooting; Customer service; Ticket triage;
        Knowledge base writing; Escalation management; Process improvement;
        Project management; Vendor management; Procurement; Forecasting;
        IT service management; Endpoint management; Microsoft 365 administration;
        Asset management; Risk management; Status reporting; Resource planning;
        Dependency management; Employee relations; Performance management;
        Organisational design; Workforce planning; Coaching; Compensation and benefits;
        Conflict resolution; Sourcing; Interviewing; Candidate assessment;
        Employer branding; Boolean search; Market mapping; Financial modelling; Budgeting;
        Financial reporting; Variance analysis; Cash flow management; Payroll processing;
        Contract drafting; Contract management; Legal research; Litigation management;
        Privacy impact assessment; People management; Hiring; Delegation;
        Strategic planning; Stakeholder management; Change management; Giving feedback;
        Mentoring; Technical leadership; Written communication; Verbal communication;
        Presentation skills; Public speaking; Facilitation; Time management;
        Calendar management; Storytelling; Learning design; Meeting planning
        """
    ),
    "knowledge": _names(
        """
        Distributed systems; Networking; Cryptography; Identity and access management;
        Cloud security; Application security; Statistics; Deep learning;
        Natural language processing; Computer vision; Causal inference; Accessibility;
        Typography; Colour theory; Agile methodologies; Scrum; Kanban; ITIL; ISO 27001;
        Data protection law; Employment law; Intellectual property; Corporate law;
        Regulatory compliance; Accounting principles; IFRS; Tax; Audit; Economics;
        Psychology; Behavioural science; Diversity and inclusion; HR information systems;
        Customer relationship management; Supply chain management; Logistics;
        Lean Six Sigma; Product knowledge; Commercial awareness; Web performance;
        Payments; E-commerce; Software licensing; Disaster recovery; Adult learning;
        Spanish; French; German; Portuguese; Italian; Mandarin Chinese; Japanese; Hindi;
        Arabic; Swahili
        """
    ),
    "ability": _names(
        """
        Problem solving; Critical thinking; Attention to detail; Adaptability;
        Active listening; Empathy; Creativity; Learning agility; Teamwork; Resilience;
        Decision making; Deductive reasoning; Inductive reasoning; Numerical reasoning;
        Written comprehension; Oral comprehension; Originality; Systems thinking;
        Multitasking; Curiosity; Emotional intelligence; Influencing; Judgement;
        Customer focus; Resourcefulness; Strategic thinking; Financial acumen;
        Organisational awareness; Discretion; Patience
        """
    ),
    "tool": _names(
        """
        Git; Docker; Kubernetes; Terraform; Amazon Web Services; Google Cloud Platform;
        Microsoft Azure; Prometheus; Grafana; Jenkins; GitHub Actions; Figma; Sketch;
        Adobe Photoshop; Adobe Illustrator; Adobe InDesign; Miro; Jira; Confluence; Notion;
        Slack; Salesforce; HubSpot; Gainsight; Zendesk; Google Analytics; Tableau; Power BI;
        Looker; Microsoft Excel; Google Sheets; Microsoft PowerPoint; SAP; NetSuite;
        Workday; Greenhouse; LinkedIn Recruiter; Okta; Jamf; Selenium; Playwright; Postman;
        Jupyter; pandas; NumPy; scikit-learn; PyTorch; TensorFlow; Apache Spark;
        Apache Kafka; PostgreSQL; MySQL; MongoDB; Redis; Elasticsearch; dbt; Airflow;
        Snowflake; React; Django; Spring Boot; Node.js; Dovetail; Qualtrics; Datadog;
        PagerDuty; ServiceNow; DocuSign; Mailchimp; Canva; Webflow; Asana; Trello
        """
    ),
}

SKILL_ALIASES: dict[str, tuple[str, ...]] = {
    "JavaScript": ("JS", "ECMAScript"),
    "TypeScript": ("TS",),
    "Go": ("Golang",),
    "C#": ("C Sharp",),
    "Kubernetes": ("K8s",),
    "PostgreSQL": ("Postgres",),
    "Amazon Web Services": ("AWS",),
    "Google Cloud Platform": ("GCP",),
    "Machine learning": ("ML",),
    "Natural language processing": ("NLP",),
    "User experience design": ("UX design",),
    "Search engine optimisation": ("SEO", "Search engine optimization"),
    "Customer relationship management": ("CRM",),
    "Financial modelling": ("Financial modeling",),
    "Data visualisation": ("Data visualization",),
    "Prioritisation": ("Prioritization",),
    "Organisational design": ("Org design", "Organizational design"),
    "Microsoft Excel": ("Excel",),
    "Microsoft PowerPoint": ("PowerPoint",),
    "Continuous integration": ("CI",),
    "Continuous delivery": ("CD",),
    "IT service management": ("ITSM",),
    "Identity and access management": ("IAM",),
    "Diversity and inclusion": ("DEI", "D&I"),
    "Compensation and benefits": ("Total rewards",),
    "Infrastructure as code": ("IaC",),
    "Lean Six Sigma": ("Six Sigma",),
    "Data protection law": ("Privacy law",),
    "Colour theory": ("Color theory",),
    "Public relations": ("PR",),
}

# Broad skills most roles ask for in some measure; drawn into requirements and extras.
# The groups above the skills in the taxonomy's tree: (group, category, first skill). A group
# holds its first skill and every later one of the same category up to the next group's first.
SKILL_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("Software engineering", "skill", "Python"),
    ("Infrastructure and operations", "skill", "Linux administration"),
    ("Security practice", "skill", "Threat modelling"),
    ("Quality and testing", "skill", "Test automation"),
    ("Data and analytics", "skill", "Machine learning"),
    ("Design practice", "skill", "User experience design"),
    ("User research", "skill", "User interviewing"),
    ("Product management", "skill", "Product discovery"),
    ("Selling", "skill", "Negotiation"),
    ("Marketing practice", "skill", "Content marketing"),
    ("Customer success and support", "skill", "Customer onboarding"),
    ("Operations and delivery", "skill", "Process improvement"),
    ("People and talent", "skill", "Employee relations"),
    ("Finance practice", "skill", "Financial modelling"),
    ("Legal practice", "skill", "Contract drafting"),
    ("Leading people", "skill", "People management"),
    ("Communicating", "skill", "Written communication"),
    ("Technical and design knowledge", "knowledge", "Distributed systems"),
    ("Ways of working", "knowledge", "Agile methodologies"),
    ("Law and compliance", "knowledge", "Data protection law"),
    ("Business knowledge", "knowledge", "Accounting principles"),
    ("People and behaviour", "knowledge", "Psychology"),
    ("Industry and domain knowledge", "knowledge", "Customer relationship management"),
    ("Languages", "knowledge", "Spanish"),
    ("Personal abilities", "ability", "Problem solving"),
    ("Tools and platforms", "tool", "Git"),
)


COMMON_SKILLS: tuple[str, ...] = _names(
    """
    Problem solving; Written communication; Verbal communication; Critical thinking;
    Teamwork; Attention to detail; Adaptability; Active listening; Time management;
    Presentation skills; Learning agility; Decision making
    """
)
LEADERSHIP_SKILLS: tuple[str, ...] = _names(
    """
    People management; Coaching; Hiring; Giving feedback; Stakeholder management;
    Strategic planning; Budgeting; Change management; Delegation; Conflict resolution;
    Organisational design; Performance management
    """
)
# Things people list beyond their job: languages, everyday tools, side interests.
EXTRA_SKILLS: tuple[str, ...] = _names(
    """
    Spanish; French; German; Portuguese; Italian; Mandarin Chinese; Japanese; Hindi; Arabic;
    Swahili; Public speaking; Facilitation; Mentoring; Storytelling; Microsoft Excel;
    Google Sheets; Notion; Miro; Canva; Creativity; Curiosity; Empathy; Systems thinking;
    Data analysis; Project management; Python; SQL; Copywriting; Event planning;
    Emotional intelligence; Influencing; Resilience
    """
)


# --- Job families ----------------------------------------------------------------------------

_ENG_LADDER = ("Associate {}", "{}", "Senior {}", "Staff {}", "Principal {}", "Distinguished {}")
_BIZ_LADDER = ("Junior {}", "{}", "Senior {}", "Lead {}", "Principal {}", "Senior Principal {}")


@dataclass(frozen=True)
class FamilySpec:
    code: str
    name: str
    ic_titles: tuple[str, ...]  # levels 1..6
    mgmt_titles: tuple[str, ...]  # levels 3..6
    skills: tuple[str, ...]  # most central first
    related: tuple[str, ...] = ()  # family codes one can move to sideways


def _family(
    code: str,
    name: str,
    ic: str,
    mgmt: str,
    skills: str,
    *,
    ladder: tuple[str, ...] = _ENG_LADDER,
    related: tuple[str, ...] = (),
) -> FamilySpec:
    return FamilySpec(
        code=code,
        name=name,
        ic_titles=tuple(step.format(ic) for step in ladder),
        mgmt_titles=_names(mgmt),
        skills=_names(skills),
        related=related,
    )


FAMILIES: tuple[FamilySpec, ...] = (
    _family(
        "SWE",
        "Software Engineering",
        "Software Engineer",
        "Engineering Manager; Senior Engineering Manager; Director of Engineering; "
        "VP of Engineering",
        "Python; System design; Code review; Automated testing; API design; SQL; Debugging; "
        "Software architecture; TypeScript; Java; Go; Distributed systems; Git; Docker; "
        "Continuous integration; Refactoring",
        related=("INF", "QA", "DAT", "SEC"),
    ),
    _family(
        "INF",
        "Infrastructure Engineering",
        "Site Reliability Engineer",
        "Infrastructure Manager; Senior Infrastructure Manager; Director of Infrastructure; "
        "VP of Infrastructure",
        "Linux administration; Kubernetes; Infrastructure as code; Cloud architecture; "
        "Observability; Incident management; Amazon Web Services; Networking; Terraform; "
        "Capacity planning; Bash scripting; Go; Prometheus; Disaster recovery",
        related=("SWE", "SEC", "ITS"),
    ),
    _family(
        "DAT",
        "Data Science and Analytics",
        "Data Scientist",
        "Data Science Manager; Senior Data Science Manager; Director of Data; VP of Data",
        "Statistics; Machine learning; Python; SQL; Data visualisation; Experiment design; "
        "Data modelling; pandas; Data pipelines; Storytelling with data; Causal inference; "
        "Deep learning; Apache Spark; Jupyter",
        related=("SWE", "PM", "UXR"),
    ),
    _family(
        "SEC",
        "Security Engineering",
        "Security Engineer",
        "Security Manager; Senior Security Manager; Director of Security; VP of Security",
        "Threat modelling; Application security; Identity and access management; "
        "Secure coding; Security monitoring; Incident response; Cryptography; Cloud security; "
        "Penetration testing; Vulnerability management; ISO 27001; Python; Networking; "
        "Risk management",
        related=("SWE", "INF", "ITS"),
    ),
    _family(
        "QA",
        "Quality Engineering",
        "Quality Engineer",
        "Quality Engineering Manager; Senior Quality Engineering Manager; Director of Quality; "
        "VP of Quality",
        "Test automation; Test planning; Exploratory testing; API testing; Playwright; "
        "Performance testing; Continuous integration; Bug triage; Python; JavaScript; "
        "Selenium; Accessibility testing; Release management; Attention to detail",
        related=("SWE",),
    ),
    _family(
        "PM",
        "Product Management",
        "Product Manager",
        "Group Product Manager; Senior Group Product Manager; Director of Product; VP of Product",
        "Product discovery; Roadmapping; Prioritisation; Stakeholder management; "
        "Product analytics; Requirements writing; Go-to-market planning; Experiment design; "
        "Market research; Pricing strategy; Jira; SQL; Storytelling; Strategic thinking",
        ladder=_BIZ_LADDER,
        related=("DES", "UXR", "PMO", "DAT"),
    ),
    _family(
        "DES",
        "Product Design",
        "Product Designer",
        "Design Manager; Senior Design Manager; Director of Design; VP of Design",
        "User experience design; Interaction design; Visual design; Prototyping; Figma; "
        "Design systems; Usability testing; Information architecture; Accessibility; "
        "Typography; Content design; Colour theory; Illustration; Motion design",
        ladder=_BIZ_LADDER,
        related=("UXR", "PM"),
    ),
    _family(
        "UXR",
        "User Research",
        "User Researcher",
        "Research Manager; Senior Research Manager; Director of Research; VP of Research",
        "User interviewing; Survey design; Usability testing; Qualitative analysis; "
        "Research synthesis; Quantitative research; Journey mapping; Workshop facilitation; "
        "Statistics; Persona development; Storytelling with data; Dovetail; Qualtrics; "
        "Behavioural science",
        ladder=_BIZ_LADDER,
        related=("DES", "PM", "DAT"),
    ),
    _family(
        "PMO",
        "Program Management",
        "Program Manager",
        "Program Management Lead; Senior Program Management Lead; Director of Programs; "
        "VP of Programs",
        "Project management; Risk management; Stakeholder management; Agile methodologies; "
        "Dependency management; Status reporting; Resource planning; Scrum; Jira; "
        "Roadmapping; Budgeting; Facilitation; Confluence; Change management",
        ladder=_BIZ_LADDER,
        related=("PM", "OPS"),
    ),
    _family(
        "SAL",
        "Sales",
        "Account Executive",
        "Sales Manager; Senior Sales Manager; Director of Sales; VP of Sales",
        "Negotiation; Prospecting; Sales pipeline management; Solution selling; Salesforce; "
        "Product demonstration; Objection handling; Account planning; Sales forecasting; "
        "Customer relationship management; Cold calling; Active listening; "
        "Presentation skills; Commercial awareness",
        ladder=_BIZ_LADDER,
        related=("CS", "MKT"),
    ),
    _family(
        "MKT",
        "Marketing",
        "Marketing Specialist",
        "Marketing Manager; Senior Marketing Manager; Director of Marketing; VP of Marketing",
        "Campaign management; Content marketing; Marketing analytics; Brand strategy; "
        "Copywriting; Search engine optimisation; Social media marketing; Email marketing; "
        "Market research; Google Analytics; HubSpot; Paid advertising; Event planning; "
        "Public relations",
        ladder=_BIZ_LADDER,
        related=("SAL", "PM"),
    ),
    _family(
        "CS",
        "Customer Success",
        "Customer Success Manager",
        "Customer Success Lead; Senior Customer Success Lead; Director of Customer Success; "
        "VP of Customer Success",
        "Account management; Customer onboarding; Renewals management; "
        "Stakeholder management; Churn analysis; Gainsight; Product knowledge; "
        "Customer journey mapping; Negotiation; Presentation skills; Active listening; "
        "Customer relationship management; Empathy; Salesforce",
        ladder=_BIZ_LADDER,
        related=("SAL", "SUP"),
    ),
    _family(
        "SUP",
        "Customer Support",
        "Support Specialist",
        "Support Team Lead; Support Manager; Director of Support; VP of Customer Support",
        "Troubleshooting; Customer service; Ticket triage; Zendesk; Written communication; "
        "Empathy; Product knowledge; Escalation management; Knowledge base writing; "
        "Active listening; SQL; Jira; Patience; Multitasking",
        ladder=_BIZ_LADDER,
        related=("CS", "QA", "ITS"),
    ),
    _family(
        "OPS",
        "Business Operations",
        "Operations Analyst",
        "Operations Manager; Senior Operations Manager; Director of Operations; VP of Operations",
        "Process improvement; Data analysis; Microsoft Excel; Project management; "
        "Forecasting; Vendor management; Procurement; SQL; Lean Six Sigma; Tableau; "
        "Supply chain management; Logistics; Change management; Contract management",
        ladder=_BIZ_LADDER,
        related=("PMO", "FIN"),
    ),
    _family(
        "ITS",
        "IT Services",
        "IT Specialist",
        "IT Manager; Senior IT Manager; Director of IT; VP of IT",
        "IT service management; Troubleshooting; Endpoint management; "
        "Microsoft 365 administration; Identity and access management; Networking; ITIL; "
        "Okta; Jamf; PowerShell; Asset management; ServiceNow; Linux administration; "
        "Cloud security",
        ladder=_BIZ_LADDER,
        related=("INF", "SUP", "SEC"),
    ),
    _family(
        "HR",
        "People and HR",
        "People Partner",
        "People Partner Manager; Senior People Partner Manager; Director of People; VP of People",
        "Employee relations; Performance management; Employment law; Organisational design; "
        "Workforce planning; Coaching; Compensation and benefits; Change management; "
        "Conflict resolution; HR information systems; Workday; Diversity and inclusion; "
        "Learning design; Discretion",
        ladder=_BIZ_LADDER,
        related=("TA",),
    ),
    _family(
        "TA",
        "Talent Acquisition",
        "Recruiter",
        "Recruiting Manager; Senior Recruiting Manager; Director of Talent Acquisition; "
        "VP of Talent Acquisition",
        "Sourcing; Interviewing; Candidate assessment; Stakeholder management; "
        "Employer branding; Greenhouse; LinkedIn Recruiter; Boolean search; Negotiation; "
        "Market mapping; Workforce planning; Diversity and inclusion; Active listening; "
        "Influencing",
        ladder=_BIZ_LADDER,
        related=("HR", "SAL"),
    ),
    _family(
        "FIN",
        "Finance",
        "Financial Analyst",
        "Finance Manager; Senior Finance Manager; Director of Finance; VP of Finance",
        "Financial modelling; Budgeting; Forecasting; Microsoft Excel; Financial reporting; "
        "Variance analysis; Accounting principles; IFRS; Cash flow management; SAP; Tax; "
        "Audit; NetSuite; Data analysis",
        ladder=_BIZ_LADDER,
        related=("OPS",),
    ),
    _family(
        "LEG",
        "Legal",
        "Legal Counsel",
        "Legal Team Lead; Associate General Counsel; Deputy General Counsel; General Counsel",
        "Contract drafting; Contract management; Negotiation; Legal research; "
        "Data protection law; Regulatory compliance; Corporate law; Employment law; "
        "Intellectual property; Risk management; Commercial awareness; "
        "Privacy impact assessment; Litigation management; Written communication",
        ladder=_BIZ_LADDER,
        related=("FIN",),
    ),
)

# The leadership office: hand-written roles rather than a full ladder.
EXECUTIVE_FAMILY = FamilySpec(
    code="EXE",
    name="Executive Leadership",
    ic_titles=(),
    mgmt_titles=(),
    skills=_names(
        "Strategic planning; Decision making; Stakeholder management; Public speaking; "
        "Financial acumen; Organisational design; Calendar management; Meeting planning; "
        "Discretion; Project management; Strategic thinking; Influencing"
    ),
)
# (track, level, title) of the executive roles; the CEO is the management role.
EXECUTIVE_ROLES: tuple[tuple[str, int, str], ...] = (
    ("ic", 2, "Executive Assistant"),
    ("ic", 5, "Chief of Staff"),
    ("management", 7, "Chief Executive Officer"),
)


# --- Organization ----------------------------------------------------------------------------

COMPANY_NAME = "Evergreen Labs"


@dataclass(frozen=True)
class DepartmentSpec:
    name: str
    family: str
    teams: tuple[str, ...]


@dataclass(frozen=True)
class DivisionSpec:
    name: str
    family: str  # the family of the division head and the division's own staff
    weight: float  # share of the company's people
    departments: tuple[DepartmentSpec, ...]


def _dept(name: str, family: str, teams: str) -> DepartmentSpec:
    return DepartmentSpec(name=name, family=family, teams=_names(teams))


# Listed in the order they appear as the company grows: small demos get the first ones.
DIVISIONS: tuple[DivisionSpec, ...] = (
    DivisionSpec(
        "Engineering",
        "SWE",
        0.32,
        (
            _dept(
                "Platform",
                "SWE",
                "Storage; Compute; Identity; Messaging; API Gateway; Developer Tools",
            ),
            _dept(
                "Product Engineering",
                "SWE",
                "Checkout; Search; Onboarding; Notifications; Growth; Integrations",
            ),
            _dept(
                "Infrastructure",
                "INF",
                "Cloud; Networking; Observability; Reliability; Databases; Build and Release",
            ),
            _dept(
                "Data and Machine Learning",
                "DAT",
                "Analytics; Data Platform; "
                "Recommendations; Forecasting; Experimentation; ML Platform",
            ),
            _dept(
                "Security",
                "SEC",
                "Application Security; Security Operations; "
                "Identity and Access; Governance and Risk; Cloud Security; Detection",
            ),
            _dept(
                "Quality",
                "QA",
                "Test Automation; Performance; Release Quality; "
                "Accessibility; Mobile Quality; Test Tooling",
            ),
            _dept(
                "Mobile",
                "SWE",
                "iOS; Android; Mobile Platform; Mobile Growth; Offline; Mobile Payments",
            ),
            _dept(
                "Developer Experience",
                "SWE",
                "Continuous Integration; Developer Portal; "
                "Code Health; Local Environments; Documentation; SDKs",
            ),
            _dept(
                "Core Systems",
                "SWE",
                "Billing; Ledger; Payments; Partner APIs; Migrations; Core Services",
            ),
        ),
    ),
    DivisionSpec(
        "People and Finance",
        "HR",
        0.08,
        (
            _dept(
                "People Partners",
                "HR",
                "HR Business Partners; Employee Relations; "
                "People Operations; HR Systems; Compensation and Benefits; Wellbeing",
            ),
            _dept(
                "Finance",
                "FIN",
                "Financial Planning; Accounting; Treasury; Tax; Payroll; Procurement Finance",
            ),
            _dept(
                "Talent Acquisition",
                "TA",
                "Technical Recruiting; Business Recruiting; "
                "Sourcing; Recruiting Operations; Employer Brand; Early Careers",
            ),
            _dept(
                "Legal",
                "LEG",
                "Commercial Legal; Privacy; Employment Legal; Corporate; "
                "Compliance; Intellectual Property",
            ),
            _dept(
                "Learning and Development",
                "HR",
                "Leadership Development; Onboarding; "
                "Learning Platforms; Career Development; Technical Training; Coaching",
            ),
        ),
    ),
    DivisionSpec(
        "Sales and Marketing",
        "SAL",
        0.20,
        (
            _dept(
                "Field Sales",
                "SAL",
                "North America; EMEA; APAC; Latin America; Strategic Accounts; Public Sector",
            ),
            _dept(
                "Marketing",
                "MKT",
                "Brand; Content; Demand Generation; Product Marketing; Events; Lifecycle",
            ),
            _dept(
                "Inside Sales",
                "SAL",
                "Small Business; Mid-Market; Lead Qualification; "
                "Outbound; Expansion; Sales Development",
            ),
            _dept(
                "Partnerships",
                "SAL",
                "Channel; Alliances; Marketplace; Resellers; Technology Partners; Referrals",
            ),
            _dept(
                "Revenue Operations",
                "OPS",
                "Deal Desk; Sales Enablement; Territory Planning; "
                "CRM Operations; Sales Compensation; Revenue Analytics",
            ),
            _dept(
                "Communications",
                "MKT",
                "Public Relations; Internal Communications; "
                "Social Media; Analyst Relations; Executive Communications; Community",
            ),
        ),
    ),
    DivisionSpec(
        "Product and Design",
        "PM",
        0.10,
        (
            _dept(
                "Product Management",
                "PM",
                "Core Product; Growth Product; Platform Product; "
                "Mobile Product; Enterprise Product; Monetisation",
            ),
            _dept(
                "Product Design",
                "DES",
                "Design Systems; Web Design; Mobile Design; "
                "Brand Design; Content Design; Design Operations",
            ),
            _dept(
                "User Research",
                "UXR",
                "Discovery Research; Evaluative Research; "
                "Research Operations; Insights; Customer Panels; Quantitative Research",
            ),
            _dept(
                "Program Management",
                "PMO",
                "Delivery; Portfolio; Planning; Release Trains; Cross-team Programs; Program Tools",
            ),
            _dept(
                "Product Operations",
                "PM",
                "Launches; Pricing; Customer Feedback; "
                "Product Tools; Product Documentation; Beta Programs",
            ),
        ),
    ),
    DivisionSpec(
        "Operations",
        "OPS",
        0.12,
        (
            _dept(
                "Business Operations",
                "OPS",
                "Strategy and Planning; Business Intelligence; "
                "Process Excellence; Vendor Management; Procurement; Workplace",
            ),
            _dept(
                "IT",
                "ITS",
                "Service Desk; Endpoints; Collaboration Tools; Identity; Networks; IT Security",
            ),
            _dept(
                "Supply and Logistics",
                "OPS",
                "Fulfilment; Warehousing; Transport; Inventory; Returns; Supplier Quality",
            ),
            _dept(
                "Program Office",
                "PMO",
                "Transformation; Portfolio Office; "
                "Operational Programs; Governance; Integration; Planning Office",
            ),
        ),
    ),
    DivisionSpec(
        "Customer Experience",
        "SUP",
        0.15,
        (
            _dept(
                "Customer Support",
                "SUP",
                "Frontline; Technical Support; Billing Support; "
                "Enterprise Support; Support Quality; Self-Service",
            ),
            _dept(
                "Customer Success",
                "CS",
                "Onboarding; Enterprise Success; Scale Success; "
                "Renewals; Adoption; Customer Advocacy",
            ),
            _dept(
                "Support Operations",
                "OPS",
                "Workforce Management; Quality Assurance; "
                "Support Tooling; Support Insights; Support Training; Vendor Partners",
            ),
            _dept(
                "Professional Services",
                "CS",
                "Implementation; Solutions Consulting; "
                "Training Services; Migrations Services; Technical Account Management; "
                "Partner Services",
            ),
        ),
    ),
)

# Extra names when a unit needs more children than its list holds (big demos).
REGION_SUFFIXES: tuple[str, ...] = (
    "EMEA",
    "Americas",
    "APAC",
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Global",
)
CODENAMES: tuple[str, ...] = _names(
    """
    Atlas; Beacon; Cedar; Delta; Ember; Fjord; Granite; Harbor; Iris; Juniper; Kestrel;
    Lumen; Maple; Nova; Orbit; Pine; Quartz; Raven; Summit; Tide; Umber; Vertex; Willow;
    Zephyr; Aurora; Basalt; Comet; Dune; Echo; Falcon; Glacier; Horizon; Indigo; Jade;
    Kite; Lotus; Meridian; Nimbus; Onyx; Prism
    """
)

LOCATIONS: tuple[tuple[str, int], ...] = (
    ("Lisbon", 14),
    ("Berlin", 13),
    ("London", 14),
    ("New York", 12),
    ("Toronto", 8),
    ("São Paulo", 8),
    ("Bangalore", 10),
    ("Singapore", 7),
    ("Nairobi", 5),
    ("Remote", 9),
)


# --- Names (first names by gender, last names), grouped so pairs stay plausible -----------------


@dataclass(frozen=True)
class NameGroup:
    women: tuple[str, ...]
    men: tuple[str, ...]
    last: tuple[str, ...]
    weight: int


NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        _names("Emma; Olivia; Charlotte; Amelia; Grace; Hannah; Lucy; Sophie; Chloe; Emily"),
        _names("James; Oliver; Jack; Thomas; William; Henry; George; Samuel; Daniel; Ben"),
        _names(
            "Smith; Johnson; Taylor; Brown; Wilson; Evans; Walker; Wright; Robinson; "
            "Clarke; Hughes; Turner"
        ),
        16,
    ),
    NameGroup(
        _names("Sofia; Lucía; Maria; Ana; Beatriz; Carmen; Inês; Valentina; Camila; Mariana"),
        _names("João; Miguel; Pedro; Diego; Carlos; Mateo; Tiago; Rafael; Javier; Luis"),
        _names(
            "Silva; Santos; Ferreira; Pereira; García; Rodríguez; Martínez; López; Costa; "
            "Oliveira; Fernández; Almeida"
        ),
        14,
    ),
    NameGroup(
        _names("Anna; Lena; Mia; Freya; Ingrid; Sanne; Astrid; Clara; Greta; Johanna"),
        _names("Lukas; Jonas; Felix; Lars; Erik; Finn; Matthias; Sven; Daan; Niklas"),
        _names(
            "Müller; Schmidt; Fischer; Weber; Becker; Jansen; de Vries; Larsen; "
            "Andersson; Nielsen; Hoffmann; Bakker"
        ),
        11,
    ),
    NameGroup(
        _names("Camille; Chloé; Léa; Giulia; Francesca; Chiara; Manon; Élodie; Alice; Martina"),
        _names("Louis; Hugo; Antoine; Luca; Marco; Matteo; Julien; Théo; Lorenzo; Pierre"),
        _names(
            "Martin; Bernard; Dubois; Moreau; Laurent; Rossi; Russo; Ferrari; Esposito; "
            "Bianchi; Romano; Lefèvre"
        ),
        10,
    ),
    NameGroup(
        _names("Priya; Ananya; Aisha; Divya; Kavya; Meera; Neha; Riya; Sana; Lakshmi"),
        _names("Arjun; Rohan; Vikram; Aditya; Rahul; Karan; Imran; Sanjay; Nikhil; Amit"),
        _names(
            "Sharma; Patel; Gupta; Iyer; Reddy; Khan; Singh; Nair; Das; Mehta; Chowdhury; Kapoor"
        ),
        14,
    ),
    NameGroup(
        _names("Mei; Yuki; Hana; Ji-woo; Xinyi; Sakura; Min-ji; Lan; Aiko; Yuna"),
        _names("Wei; Hiroshi; Kenji; Min-jun; Jun; Haruto; Hao; Tae-yang; Ren; Jian"),
        _names("Wang; Li; Zhang; Chen; Liu; Kim; Park; Lee; Tanaka; Suzuki; Nguyen; Tran"),
        12,
    ),
    NameGroup(
        _names("Amara; Chiamaka; Zanele; Nia; Abena; Wanjiru; Fatou; Thandiwe; Adaeze; Makena"),
        _names("Kwame; Chidi; Tendai; Kofi; Sipho; Oluwaseun; Jabari; Baraka; Emeka; Moussa"),
        _names(
            "Okafor; Mensah; Adeyemi; Nkosi; Kamau; Diallo; Osei; Mwangi; Okonkwo; Banda; "
            "Abubakar; Ndlovu"
        ),
        10,
    ),
    NameGroup(
        _names("Layla; Yasmin; Noor; Mariam; Leila; Salma; Rania; Zeynep; Elif; Dina"),
        _names("Omar; Youssef; Karim; Ali; Hassan; Tariq; Emre; Mehmet; Amir; Samir"),
        _names(
            "Haddad; Khoury; Mansour; Nasser; Farah; Yilmaz; Demir; Kaya; Saleh; Aziz; "
            "Rahman; Hamdan"
        ),
        8,
    ),
    NameGroup(
        _names("Natalia; Olga; Katarzyna; Ivana; Zofia; Daria; Milena; Petra; Agnieszka; Irina"),
        _names("Piotr; Tomasz; Andrei; Dmitri; Marek; Pavel; Nikola; Jakub; Bogdan; Stefan"),
        _names(
            "Kowalski; Nowak; Novák; Popescu; Horvat; Ivanova; Petrov; Wiśniewski; Kovač; "
            "Dvořák; Sokolov; Marković"
        ),
        7,
    ),
)
# First names used by people of any gender; picked now and then across all groups.
SHARED_FIRST_NAMES: tuple[str, ...] = _names("Alex; Sam; Jordan; Robin; Kai; Noa; Ari; Sasha")
