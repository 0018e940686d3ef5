using NodaTime;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Programmes;

/// <summary>The three kinds of team discussion space of seed 004.</summary>
public enum ProgrammeType
{
    /// <summary>Analyse de pratique: complex situations of accompaniment, at most 12 people.</summary>
    PracticeAnalysis = 1,

    /// <summary>Supervision d'équipe: the relational axis, 3 to 8 volunteers.</summary>
    Supervision = 2,

    /// <summary>Régulation: team conflicts, at most 12, a diagnostic phase then an accompaniment phase.</summary>
    Regulation = 3,
}

public enum ProgrammePhase
{
    /// <summary>A regulation's first phase: analysing what is at stake with the protagonists, until a plan is agreed.</summary>
    Diagnostic = 1,

    Accompaniment = 2,
}

/// <summary>
/// A team programme bought by an institution: named staff, one facilitator, a rhythm of one or
/// two sessions a month for at least a year, at an hourly rate. What is said in a session is
/// never stored by name: the only writing is the facilitator's anonymised synthesis.
/// </summary>
public sealed class TeamProgramme
{
    public Guid Id { get; set; }

    /// <summary>Numbered in order of creation, for the quote (D-2027-0001).</summary>
    public required string Number { get; set; }

    public Guid OrganisationId { get; set; }

    public ProgrammeType Type { get; set; }

    /// <summary>The facilitator's practitioner profile.</summary>
    public Guid FacilitatorId { get; set; }

    public LocalDate StartDate { get; set; }

    public LocalDate EndDate { get; set; }

    public int SessionsPerMonth { get; set; }

    public int SessionMinutes { get; set; }

    public decimal HourlyRate { get; set; }

    /// <summary>For a regulation: the phase it is in; null for the other types.</summary>
    public ProgrammePhase? Phase { get; set; }

    /// <summary>For a regulation: when the accompaniment plan was agreed with the protagonists, and the plan (anonymised, sealed).</summary>
    public LocalDate? PlanAgreedOn { get; set; }

    public SealedText? Plan { get; set; }

    /// <summary>The key that seals the plan and the syntheses.</summary>
    public Guid DataKeyId { get; set; }

    public DataKey? DataKey { get; set; }

    public Guid CreatedById { get; set; }

    public Instant CreatedAt { get; set; }

    public List<ProgrammeParticipant> Participants { get; set; } = [];

    public List<ProgrammeSession> Sessions { get; set; } = [];
}

/// <summary>A member of the institution's staff taking part, by name; they accept the group's rules before their first session.</summary>
public sealed class ProgrammeParticipant
{
    public Guid Id { get; set; }

    public Guid ProgrammeId { get; set; }

    public required string Name { get; set; }

    /// <summary>The personal link's secret, to read and accept the rules.</summary>
    public required string RulesToken { get; set; }

    public Instant? AcceptedRulesAt { get; set; }

    /// <summary>How the acceptance was given: by the personal link, or recorded by the facilitator (signed sheet at the first session).</summary>
    public RulesChannel? AcceptedBy { get; set; }

    public Instant? RemovedAt { get; set; }
}

public enum RulesChannel
{
    Link = 1,
    Facilitator = 2,
}

public enum ProgrammeSessionState
{
    Planned = 1,
    Held = 2,
    Cancelled = 3,
}

/// <summary>One session: planned, then held (with its length and who came) or cancelled; and its synthesis.</summary>
public sealed class ProgrammeSession
{
    public Guid Id { get; set; }

    public Guid ProgrammeId { get; set; }

    public Instant Start { get; set; }

    public int Minutes { get; set; }

    public ProgrammePhase? Phase { get; set; }

    public ProgrammeSessionState State { get; set; }

    /// <summary>The synthesis: themes worked on, action plans, decisions — anonymised, sealed with the programme's key.</summary>
    public SealedText? Synthesis { get; set; }

    public Instant? SynthesisPublishedAt { get; set; }

    public List<ProgrammeAttendance> Attendance { get; set; } = [];
}

public sealed class ProgrammeAttendance
{
    public Guid SessionId { get; set; }

    public Guid ParticipantId { get; set; }

    public bool Present { get; set; }
}

/// <summary>The last number given in a series (invoices, quotes) and year, so numbers follow each other without gaps.</summary>
public sealed class DocumentCounter
{
    public required string Series { get; set; }

    public int Year { get; set; }

    public int Last { get; set; }
}

/// <summary>
/// A monthly invoice to an institution: frozen when issued (seller, buyer, lines, totals), numbered
/// in an unbroken sequence per year (F-2027-0001, F-2027-0002…), never per person.
/// </summary>
public sealed class Invoice
{
    public Guid Id { get; set; }

    public required string Number { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>The month invoiced, yyyy-MM.</summary>
    public required string Month { get; set; }

    public LocalDate IssuedOn { get; set; }

    public LocalDate DueOn { get; set; }

    public required string SellerName { get; set; }

    public required string SellerAddress { get; set; }

    public required string SellerSiret { get; set; }

    public string? SellerVatNumber { get; set; }

    public required string BuyerName { get; set; }

    public string? BuyerAddress { get; set; }

    public decimal TotalExcludingVat { get; set; }

    public decimal VatRate { get; set; }

    public decimal Vat { get; set; }

    public decimal TotalIncludingVat { get; set; }

    public Instant CreatedAt { get; set; }

    public Guid CreatedById { get; set; }

    public List<InvoiceLine> Lines { get; set; } = [];
}

public sealed class InvoiceLine
{
    public Guid Id { get; set; }

    public Guid InvoiceId { get; set; }

    public int Position { get; set; }

    /// <summary>The session invoiced (once only) and what the line says of it: the kind of programme and the date, never who came.</summary>
    public Guid SessionId { get; set; }

    public ProgrammeType Type { get; set; }

    public Instant SessionStart { get; set; }

    public decimal Hours { get; set; }

    public decimal UnitPrice { get; set; }

    public decimal Amount { get; set; }
}
