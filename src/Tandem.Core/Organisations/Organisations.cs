using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Organisations;

public sealed record UnitView(Guid Id, string Name, int? Headcount);

public sealed record AgreementView(LocalDate? Start, LocalDate? End, bool ListeningLine, bool Interviews, bool Groups, bool TeamProgrammes, string? Prices, string? BillingAddress = null);

public sealed record OnboardingStepView(Guid Id, OnboardingStepKind Kind, LocalDate Date, string Attendees, string? Note, int? MinimumCell, IReadOnlyList<string> Tables);

public sealed record ContactView(Guid Id, string Name);

public sealed record OrganisationView(
    Guid Id, string Name, string Code, OrganisationKind Kind, IReadOnlyList<UnitView> Departments, IReadOnlyList<UnitView> JobFamilies,
    AgreementView Agreement, IReadOnlyList<OnboardingStepView> Onboarding, IReadOnlyList<ContactView> Contacts, IndicatorsAgreement? Indicators);

public sealed record OrganisationSummary(Guid Id, string Name, string Code, OrganisationKind Kind, int Departments, bool Live);

public sealed record IndicatorsAgreement(int MinimumCell, IReadOnlyList<string> Tables, LocalDate AgreedOn);

public sealed record OrganisationInput(string? Name, OrganisationKind? Kind);

public sealed record UnitInput(UnitKind? Kind, string? Name, int? Headcount);

public sealed record AgreementInput(LocalDate? Start, LocalDate? End, bool ListeningLine, bool Interviews, bool Groups, bool TeamProgrammes, string? Prices, string? BillingAddress = null);

public sealed record StepInput(OnboardingStepKind? Kind, LocalDate? Date, string? Attendees, string? Note, int? MinimumCell, IReadOnlyList<string>? Tables);

/// <summary>The dimensions an indicator table may have (one each: no cross-tables).</summary>
public static class IndicatorDimensions
{
    public const string Period = "period";
    public const string Department = "department";
    public const string JobFamily = "job_family";
    public const string Modality = "modality";
    public const string Theme = "theme";
    public const string RiskFactor = "risk_factor";

    public static readonly IReadOnlyList<string> All = [Period, Department, JobFamily, Modality, Theme, RiskFactor];
}

public static class OrganisationMessages
{
    public const string KindRequired = "Error.OrganisationKindRequired";
    public const string MinimumCell = "Error.MinimumCell";
    public const string TablesUnknown = "Error.TablesUnknown";
    public const string DatesOrder = "Error.DatesOrder";
    public const string MergeSame = "Error.MergeSame";
    public const string StepKindRequired = "Error.StepKindRequired";
    public const string NotAContact = "Error.NotAContact";
}

/// <summary>
/// Client organisations: their enrolment code, coarse departments and job families (the
/// administrator can merge two), the service agreement, the onboarding checklist and their
/// contacts. Administrators and the coordination see every organisation; a contact sees their own
/// only, anyone else nothing (404).
/// </summary>
public sealed class Organisations(TandemDbContext db, AuditTrail audit, IClock clock)
{
    public const int MaxNameLength = 200;
    public const int MaxUnitNameLength = 120;
    public const int SmallestCell = 5;

    public static bool MaySee(string role, Guid? contactOrganisation, Guid organisationId) =>
        role is Roles.Administrator or Roles.Coordinator || (role == Roles.OrganisationContact && contactOrganisation == organisationId);

    public async Task<bool> MaySeeAsync(Guid userId, Guid organisationId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Role, u.OrganisationId }).FirstOrDefaultAsync(ct);
        return user is not null && MaySee(user.Role, user.OrganisationId, organisationId) && await db.Organisations.AnyAsync(o => o.Id == organisationId, ct);
    }

    /// <summary>The organisation an organisation contact belongs to, if any.</summary>
    public Task<Guid?> OfContactAsync(Guid userId, CancellationToken ct = default) =>
        db.Users.Where(u => u.Id == userId && u.Role == Roles.OrganisationContact).Select(u => u.OrganisationId).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<OrganisationSummary>> ListAsync(CancellationToken ct = default)
    {
        var organisations = await db.Organisations.AsNoTracking().Include(o => o.Units).Include(o => o.Onboarding).OrderBy(o => o.Name).ToListAsync(ct);
        return organisations.Select(o => new OrganisationSummary(o.Id, o.Name, o.Code, o.Kind, o.Units.Count(u => u.Kind == UnitKind.Department),
            o.Onboarding.Any(s => s.Kind == OnboardingStepKind.Live))).ToList();
    }

    /// <returns>The organisation, or null when it does not exist or the user may not see it.</returns>
    public async Task<OrganisationView?> ReadAsync(Guid userId, Guid organisationId, CancellationToken ct = default)
    {
        if (!await MaySeeAsync(userId, organisationId, ct))
        {
            return null;
        }

        var o = await db.Organisations.AsNoTracking().Include(x => x.Units).Include(x => x.Onboarding).FirstAsync(x => x.Id == organisationId, ct);
        var contacts = await db.Users.AsNoTracking().Where(u => u.OrganisationId == organisationId && u.Role == Roles.OrganisationContact && u.DeactivatedAt == null)
            .OrderBy(u => u.DisplayName).Select(u => new ContactView(u.Id, u.DisplayName)).ToListAsync(ct);
        List<UnitView> Units(UnitKind kind) => o.Units.Where(u => u.Kind == kind).OrderBy(u => u.Position).ThenBy(u => u.Name).Select(u => new UnitView(u.Id, u.Name, u.Headcount)).ToList();
        return new OrganisationView(
            o.Id, o.Name, o.Code, o.Kind, Units(UnitKind.Department), Units(UnitKind.JobFamily),
            new AgreementView(o.AgreementStart, o.AgreementEnd, o.IncludesListeningLine, o.IncludesInterviews, o.IncludesGroups, o.IncludesTeamProgrammes, o.Prices, o.BillingAddress),
            o.Onboarding.OrderBy(s => s.Date).ThenBy(s => s.RecordedAt).Select(View).ToList(),
            contacts,
            Agreement(o.Onboarding));
    }

    /// <summary>The latest "indicators agreed" step: until there is one, no indicator is published.</summary>
    public static IndicatorsAgreement? Agreement(IEnumerable<OnboardingStep> steps) =>
        steps.Where(s => s.Kind == OnboardingStepKind.IndicatorsAgreed && s.MinimumCell is not null)
            .OrderByDescending(s => s.Date).ThenByDescending(s => s.RecordedAt)
            .Select(s => new IndicatorsAgreement(s.MinimumCell!.Value, Split(s.Tables), s.Date))
            .FirstOrDefault();

    public async Task<Outcome<Guid>> CreateAsync(Guid actorId, OrganisationInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors()
            .AddIf(string.IsNullOrWhiteSpace(input.Name), "name", Messages.Required)
            .AddIf(input.Name is { Length: > MaxNameLength }, "name", Messages.TooLong)
            .AddIf(input.Kind is null || !Enum.IsDefined(input.Kind.Value), "kind", OrganisationMessages.KindRequired);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        for (var attempt = 0; ; attempt++)
        {
            // Ten characters from 32: about 50 bits, printed on posters, never guessed.
            var organisation = new Organisation
            {
                Id = Guid.NewGuid(),
                Name = input.Name!.Trim(),
                Code = SecretTokens.NormaliseTypedCode(SecretTokens.NewTypedCode(2)),
                Kind = input.Kind!.Value,
                CreatedAt = clock.GetCurrentInstant(),
            };
            db.Organisations.Add(organisation);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                continue;
            }

            await audit.AppendAsync(AuditTrail.Staff(actorId), "organisation.created", organisation.Id.ToString(), null, ct);
            return Outcome<Guid>.Ok(organisation.Id);
        }
    }

    public async Task<Outcome<Guid>> AddUnitAsync(Guid actorId, Guid organisationId, UnitInput input, CancellationToken ct = default)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = UnitErrors(input.Name, input.Headcount).AddIf(input.Kind is null || !Enum.IsDefined(input.Kind.Value), "kind", Messages.Required);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var position = await db.OrganisationUnits.Where(u => u.OrganisationId == organisationId && u.Kind == input.Kind).CountAsync(ct);
        var unit = new OrganisationUnit
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            Kind = input.Kind!.Value,
            Name = input.Name!.Trim(),
            Position = position,
            Headcount = input.Kind == UnitKind.Department ? input.Headcount : null,
        };
        db.OrganisationUnits.Add(unit);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "organisation.unit_added", organisationId.ToString(), new Dictionary<string, string?> { ["unit"] = unit.Id.ToString() }, ct);
        return Outcome<Guid>.Ok(unit.Id);
    }

    public async Task<Outcome<bool>> UpdateUnitAsync(Guid actorId, Guid organisationId, Guid unitId, UnitInput input, CancellationToken ct = default)
    {
        var unit = await db.OrganisationUnits.FirstOrDefaultAsync(u => u.Id == unitId && u.OrganisationId == organisationId, ct);
        if (unit is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = UnitErrors(input.Name, input.Headcount);
        if (errors.Any)
        {
            return Outcome<bool>.Invalid(errors);
        }

        unit.Name = input.Name!.Trim();
        unit.Headcount = unit.Kind == UnitKind.Department ? input.Headcount : null;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "organisation.unit_updated", organisationId.ToString(), new Dictionary<string, string?> { ["unit"] = unitId.ToString() }, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>
    /// Merges one unit into another of the same kind: requests and declared links move to the
    /// unit kept, headcounts add up, the other unit goes. Used when a list proves too fine.
    /// </summary>
    public async Task<Outcome<bool>> MergeUnitsAsync(Guid actorId, Guid organisationId, Guid fromId, Guid? intoId, CancellationToken ct = default)
    {
        var from = await db.OrganisationUnits.FirstOrDefaultAsync(u => u.Id == fromId && u.OrganisationId == organisationId, ct);
        var into = intoId is null ? null : await db.OrganisationUnits.FirstOrDefaultAsync(u => u.Id == intoId && u.OrganisationId == organisationId, ct);
        if (from is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (into is null || into.Id == from.Id || into.Kind != from.Kind)
        {
            return Outcome<bool>.Invalid("intoId", OrganisationMessages.MergeSame);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (from.Kind == UnitKind.Department)
        {
            await db.Requests.Where(r => r.DepartmentId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.DepartmentId, into.Id), ct);
            await db.PriorLinks.Where(l => l.DepartmentId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.DepartmentId, into.Id), ct);
            await db.HotlineCalls.Where(c => c.DepartmentId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.DepartmentId, into.Id), ct);
            into.Headcount = from.Headcount is null && into.Headcount is null ? null : (from.Headcount ?? 0) + (into.Headcount ?? 0);
        }
        else
        {
            await db.Requests.Where(r => r.JobFamilyId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobFamilyId, into.Id), ct);
            await db.HotlineCalls.Where(c => c.JobFamilyId == from.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.JobFamilyId, into.Id), ct);
        }

        db.OrganisationUnits.Remove(from);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "organisation.units_merged", organisationId.ToString(),
            new Dictionary<string, string?> { ["from"] = from.Id.ToString(), ["into"] = into.Id.ToString() }, ct);
        return Outcome<bool>.Ok(true);
    }

    public async Task<Outcome<bool>> SetAgreementAsync(Guid actorId, Guid organisationId, AgreementInput input, CancellationToken ct = default)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == organisationId, ct);
        if (organisation is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var errors = new FieldErrors()
            .AddIf(input.Start is { } s && input.End is { } e && e < s, "end", OrganisationMessages.DatesOrder)
            .AddIf(input.Prices is { Length: > 1000 }, "prices", Messages.TooLong)
            .AddIf(input.BillingAddress is { Length: > 500 }, "billingAddress", Messages.TooLong);
        if (errors.Any)
        {
            return Outcome<bool>.Invalid(errors);
        }

        (organisation.AgreementStart, organisation.AgreementEnd) = (input.Start, input.End);
        organisation.IncludesListeningLine = input.ListeningLine;
        organisation.IncludesInterviews = input.Interviews;
        organisation.IncludesGroups = input.Groups;
        organisation.IncludesTeamProgrammes = input.TeamProgrammes;
        organisation.Prices = string.IsNullOrWhiteSpace(input.Prices) ? null : input.Prices.Trim();
        organisation.BillingAddress = string.IsNullOrWhiteSpace(input.BillingAddress) ? null : input.BillingAddress.Trim();
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "organisation.agreement_set", organisationId.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Records a step of the onboarding checklist. "Indicators agreed" carries the agreement: the minimum cell (at least 5) and the tables.</summary>
    public async Task<Outcome<Guid>> RecordStepAsync(Guid actorId, Guid organisationId, StepInput input, CancellationToken ct = default)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var indicators = input.Kind == OnboardingStepKind.IndicatorsAgreed;
        var tables = (input.Tables ?? []).Distinct(StringComparer.Ordinal).ToList();
        var errors = new FieldErrors()
            .AddIf(input.Kind is null || !Enum.IsDefined(input.Kind.Value), "kind", OrganisationMessages.StepKindRequired)
            .AddIf(input.Date is null, "date", Messages.Required)
            .AddIf(string.IsNullOrWhiteSpace(input.Attendees), "attendees", Messages.Required)
            .AddIf(input.Attendees is { Length: > 500 }, "attendees", Messages.TooLong)
            .AddIf(input.Note is { Length: > 2000 }, "note", Messages.TooLong)
            .AddIf(indicators && input.MinimumCell is not (>= SmallestCell and <= 1000), "minimumCell", OrganisationMessages.MinimumCell)
            .AddIf(indicators && (tables.Count == 0 || tables.Any(t => !IndicatorDimensions.All.Contains(t, StringComparer.Ordinal))), "tables", OrganisationMessages.TablesUnknown);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var step = new OnboardingStep
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            Kind = input.Kind!.Value,
            Date = input.Date!.Value,
            Attendees = input.Attendees!.Trim(),
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            MinimumCell = indicators ? input.MinimumCell : null,
            Tables = indicators ? string.Join(',', tables) : null,
            RecordedById = actorId,
            RecordedAt = clock.GetCurrentInstant(),
        };
        db.OnboardingSteps.Add(step);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), "organisation.onboarding_step", organisationId.ToString(),
            new Dictionary<string, string?> { ["step"] = step.Kind.ToString(), ["minimumCell"] = step.MinimumCell?.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return Outcome<Guid>.Ok(step.Id);
    }

    /// <summary>Attaches an organisation-contact account to the organisation (or detaches it with null).</summary>
    public async Task<Outcome<bool>> SetContactAsync(Guid actorId, Guid organisationId, Guid staffId, bool attach, CancellationToken ct = default)
    {
        if (!await db.Organisations.AnyAsync(o => o.Id == organisationId, ct))
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == staffId && u.Role == Roles.OrganisationContact, ct);
        if (user is null)
        {
            return Outcome<bool>.Invalid("staffId", OrganisationMessages.NotAContact);
        }

        user.OrganisationId = attach ? organisationId : (user.OrganisationId == organisationId ? null : user.OrganisationId);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(actorId), attach ? "organisation.contact_attached" : "organisation.contact_detached", organisationId.ToString(),
            new Dictionary<string, string?> { ["staff"] = staffId.ToString() }, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Organisation-contact accounts not attached to any organisation, for the administrator to attach.</summary>
    public async Task<IReadOnlyList<ContactView>> UnattachedContactsAsync(CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.Role == Roles.OrganisationContact && u.OrganisationId == null && u.DeactivatedAt == null)
            .OrderBy(u => u.DisplayName).Select(u => new ContactView(u.Id, u.DisplayName)).ToListAsync(ct);

    private static FieldErrors UnitErrors(string? name, int? headcount) => new FieldErrors()
        .AddIf(string.IsNullOrWhiteSpace(name), "name", Messages.Required)
        .AddIf(name is { Length: > MaxUnitNameLength }, "name", Messages.TooLong)
        .AddIf(headcount is < 0 or > 1_000_000, "headcount", Messages.TooLong);

    private static OnboardingStepView View(OnboardingStep s) => new(s.Id, s.Kind, s.Date, s.Attendees, s.Note, s.MinimumCell, Split(s.Tables));

    private static List<string> Split(string? tables) => (tables ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
}
