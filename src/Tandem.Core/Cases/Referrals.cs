using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Scheduling;
using Tandem.Core.Security;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Cases;

public sealed record ReferralInput(Guid? ToPractitionerId, string? HandOver);

/// <summary>A referral as the pair sees it (they wrote the hand-over).</summary>
public sealed record ReferralView(Guid ReferralId, SlotPractitioner To, ReferralState State, string HandOver, Instant ProposedAt, Instant? DecidedAt, bool ConsentRecordedByPair);

/// <summary>A proposal as the person sees it in their space: who, which discipline, and whether they answered.</summary>
public sealed record ReferralOffer(Guid ReferralId, Guid RequestId, SlotPractitioner To, ReferralState State, Instant ProposedAt);

/// <summary>What the practitioner referred to receives, after consent: the hand-over, nothing else.</summary>
public sealed record ReceivedReferral(Guid ReferralId, Guid RequestId, IReadOnlyList<SlotPractitioner> From, string HandOver, Instant AcceptedAt);

public sealed record ReferralCandidate(Guid PractitionerId, string Name, IReadOnlyList<string> Disciplines);

/// <summary>A practitioner as a case sees them: to name the pair and the referrals, and to choose who to refer to.</summary>
internal sealed record CasePractitioner(Guid Id, string Name, IReadOnlyList<string> Disciplines, bool Active, bool LinkedToOrganisation)
{
    public SlotPractitioner Public => new(Id, Name, Disciplines.Count > 0 ? Disciplines[0] : string.Empty);
}

/// <summary>
/// Referrals between disciplines under professional secrecy (seed 001): the pair proposes, with a
/// short hand-over; the person consents in their space, or the pair records the consent given in
/// an interview; only then does the practitioner referred to read the hand-over — never the notes.
/// </summary>
public sealed class Referrals(TandemDbContext db, CaseAccess access, EnvelopeCrypto crypto, AuditTrail audit, IClock clock)
{
    public const int MaxHandOverLength = 2000;

    public static string Purpose(Guid referralId) => $"case.referral:{referralId:D}";

    /// <summary>Active practitioners of a discipline the proposer lacks, outside the pair, with no declared link to the person's organisation.</summary>
    public async Task<IReadOnlyList<ReferralCandidate>> CandidatesAsync(Guid userId, Guid requestId, CancellationToken ct = default)
    {
        var proposer = await access.PairMemberAsync(userId, requestId, ct);
        if (proposer is not { } p)
        {
            return [];
        }

        var request = await db.Requests.AsNoTracking().Where(r => r.Id == requestId)
            .Select(r => new
            {
                r.OrganisationId,
                r.DepartmentId,
                Pair = db.Appointments.Where(a => a.RequestId == r.Id && a.CancelledAt == null).Select(a => new { a.FirstPractitionerId, a.SecondPractitionerId }).ToList(),
            })
            .FirstAsync(ct);
        var inPair = request.Pair.SelectMany(a => new[] { a.FirstPractitionerId, a.SecondPractitionerId }).ToHashSet();
        return CandidatesAmong(await DirectoryAsync(request.OrganisationId, request.DepartmentId, ct), p, inPair);
    }

    /// <summary>
    /// Every practitioner, active or not, with their disciplines and whether they declared a link
    /// with the organisation (or the department) of the case: one query that names the pair, the
    /// practitioners referred to, and the candidates.
    /// </summary>
    internal Task<List<CasePractitioner>> DirectoryAsync(Guid? organisationId, Guid? departmentId, CancellationToken ct)
    {
        var active = db.Users.Where(u => u.Role == Roles.Practitioner && u.DeactivatedAt == null).Select(u => u.Id);
        return db.PractitionerProfiles.AsNoTracking()
            .Select(p => new CasePractitioner(
                p.Id,
                p.PublicName,
                p.Disciplines.Select(d => d.Code).ToList(),
                active.Contains(p.UserId),
                organisationId != null && db.PriorLinks.Any(l => l.PractitionerId == p.Id && l.OrganisationId == organisationId && (l.DepartmentId == null || l.DepartmentId == departmentId))))
            .ToListAsync(ct);
    }

    /// <summary>The rule of who a case can be referred to, among the directory.</summary>
    internal static IReadOnlyList<ReferralCandidate> CandidatesAmong(IReadOnlyList<CasePractitioner> directory, Guid proposer, IReadOnlySet<Guid> inPair)
    {
        var own = directory.FirstOrDefault(d => d.Id == proposer)?.Disciplines ?? [];
        return directory
            .Where(p => p.Active && !inPair.Contains(p.Id) && !p.LinkedToOrganisation && p.Disciplines.Any(d => !own.Contains(d)))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .Select(p => new ReferralCandidate(p.Id, p.Name, p.Disciplines))
            .ToList();
    }

    public async Task<Outcome<Guid>> ProposeAsync(Guid userId, Guid requestId, ReferralInput input, CancellationToken ct = default)
    {
        if (await access.PairMemberAsync(userId, requestId, ct) is null)
        {
            return Outcome<Guid>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var candidate = input.ToPractitionerId is { } to ? (await CandidatesAsync(userId, requestId, ct)).FirstOrDefault(c => c.PractitionerId == to) : null;
        var errors = new FieldErrors()
            .AddIf(candidate is null, "toPractitionerId", CaseMessages.ReferralTarget)
            .AddIf(string.IsNullOrWhiteSpace(input.HandOver), "handOver", Messages.Required)
            .AddIf(input.HandOver is { Length: > MaxHandOverLength }, "handOver", Messages.TooLong);
        if (errors.Any)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        if (await db.Referrals.AnyAsync(r => r.RequestId == requestId && r.ToPractitionerId == candidate!.PractitionerId && r.State != ReferralState.Refused, ct))
        {
            return Outcome<Guid>.Fail(OutcomeStatus.Conflict, CaseMessages.ReferralOpen);
        }

        var own = await db.PractitionerProfiles.AsNoTracking().Where(p => p.UserId == userId).SelectMany(p => p.Disciplines.Select(d => d.Code)).ToListAsync(ct);
        var key = await db.Requests.Where(r => r.Id == requestId).Select(r => r.DataKey).FirstAsync(ct);
        var referral = new Referral
        {
            Id = Guid.NewGuid(),
            RequestId = requestId,
            ProposedById = userId,
            ToPractitionerId = candidate!.PractitionerId,
            ToDiscipline = candidate.Disciplines.First(d => !own.Contains(d)),
            HandOver = null!,
            State = ReferralState.Proposed,
            ProposedAt = clock.GetCurrentInstant(),
        };
        referral.HandOver = crypto.Seal(key!, input.HandOver!.Trim(), Purpose(referral.Id));
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "referral.proposed", requestId.ToString(), new Dictionary<string, string?> { ["referral"] = referral.Id.ToString() }, ct);
        return Outcome<Guid>.Ok(referral.Id);
    }

    /// <summary>The pair records the person's answer given during an interview.</summary>
    public async Task<Outcome<bool>> RecordConsentAsync(Guid userId, Guid requestId, Guid referralId, bool accepted, CancellationToken ct = default)
    {
        if (await access.PairMemberAsync(userId, requestId, ct) is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        return await DecideAsync(db.Referrals.Where(r => r.Id == referralId && r.RequestId == requestId), accepted, byPair: true, AuditTrail.Staff(userId), ct);
    }

    /// <summary>The person answers in their space.</summary>
    public Task<Outcome<bool>> AnswerAsync(Guid spaceId, Guid referralId, bool accepted, CancellationToken ct = default) =>
        DecideAsync(db.Referrals.Where(r => r.Id == referralId && db.Requests.Any(q => q.Id == r.RequestId && q.SpaceId == spaceId)), accepted, byPair: false, AuditTrail.Beneficiary, ct);

    /// <summary>The proposals of a space's requests, for the person to answer.</summary>
    public async Task<IReadOnlyList<ReferralOffer>> ForSpaceAsync(Guid spaceId, CancellationToken ct = default)
    {
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => db.Requests.Any(q => q.Id == r.RequestId && q.SpaceId == spaceId))
            .OrderBy(r => r.ProposedAt).ToListAsync(ct);
        var names = await NamesAsync(referrals.Select(r => r.ToPractitionerId), ct);
        return referrals.Select(r => new ReferralOffer(r.Id, r.RequestId, new SlotPractitioner(r.ToPractitionerId, names.GetValueOrDefault(r.ToPractitionerId) ?? string.Empty, r.ToDiscipline), r.State, r.ProposedAt)).ToList();
    }

    /// <summary>A referral of a case as its pair sees it, the hand-over opened.</summary>
    internal ReferralView View(Referral r, DataKey key, string toName) => new(
        r.Id, new SlotPractitioner(r.ToPractitionerId, toName, r.ToDiscipline),
        r.State, crypto.Open(key, r.HandOver, Purpose(r.Id)), r.ProposedAt, r.DecidedAt, r.ConsentRecordedByPair);

    /// <summary>The hand-overs the practitioner received with consent; the read is audited.</summary>
    public async Task<IReadOnlyList<ReceivedReferral>> ReceivedAsync(Guid userId, CancellationToken ct = default)
    {
        var profile = await access.ProfileIdAsync(userId, ct);
        if (profile is null)
        {
            return [];
        }

        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => r.ToPractitionerId == profile && r.State == ReferralState.Accepted)
            .OrderByDescending(r => r.DecidedAt).ToListAsync(ct);
        if (referrals.Count == 0)
        {
            return [];
        }

        var requestIds = referrals.Select(r => r.RequestId).Distinct().ToList();
        var keys = await db.Requests.AsNoTracking().Include(r => r.DataKey).Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.DataKey!, ct);
        var pairs = await db.Appointments.AsNoTracking().Where(a => requestIds.Contains(a.RequestId) && a.CancelledAt == null)
            .Select(a => new { a.RequestId, a.FirstPractitionerId, a.SecondPractitionerId }).ToListAsync(ct);
        var pairIds = pairs.SelectMany(p => new[] { p.FirstPractitionerId, p.SecondPractitionerId }).Distinct().ToList();
        var profiles = await db.PractitionerProfiles.AsNoTracking().Include(p => p.Disciplines).Where(p => pairIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        await audit.AppendAsync(AuditTrail.Staff(userId), "referral.handovers_read", null,
            new Dictionary<string, string?> { ["count"] = referrals.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        return referrals.Select(r => new ReceivedReferral(
            r.Id, r.RequestId,
            pairs.Where(p => p.RequestId == r.RequestId).SelectMany(p => new[] { p.FirstPractitionerId, p.SecondPractitionerId }).Distinct()
                .Where(profiles.ContainsKey).Select(id => new SlotPractitioner(id, profiles[id].PublicName, profiles[id].Disciplines.Select(d => d.Code).FirstOrDefault() ?? string.Empty)).ToList(),
            crypto.Open(keys[r.RequestId], r.HandOver, Purpose(r.Id)),
            r.DecidedAt!.Value)).ToList();
    }

    private async Task<Outcome<bool>> DecideAsync(IQueryable<Referral> query, bool accepted, bool byPair, string actor, CancellationToken ct)
    {
        var referral = await query.FirstOrDefaultAsync(ct);
        if (referral is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (referral.State != ReferralState.Proposed)
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, CaseMessages.ReferralDecided);
        }

        referral.State = accepted ? ReferralState.Accepted : ReferralState.Refused;
        referral.DecidedAt = clock.GetCurrentInstant();
        referral.ConsentRecordedByPair = byPair;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(actor, accepted ? "referral.accepted" : "referral.refused", referral.RequestId.ToString(),
            new Dictionary<string, string?> { ["referral"] = referral.Id.ToString(), ["by"] = byPair ? "pair" : "person" }, ct);
        return Outcome<bool>.Ok(accepted);
    }

    private async Task<Dictionary<Guid, string>> NamesAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        // No referral, no round trip (the person's space asks on every visit).
        var list = ids.Distinct().ToList();
        return list.Count == 0
            ? []
            : await db.PractitionerProfiles.AsNoTracking().Where(p => list.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.PublicName, ct);
    }
}
