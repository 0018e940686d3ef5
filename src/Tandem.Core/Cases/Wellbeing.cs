using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security.Audit;

namespace Tandem.Core.Cases;

public sealed record Who5Offer(Guid RequestId, Who5Moment Moment);

/// <summary>
/// The WHO-5 well-being index (Psychiatric Research Unit, WHO Collaborating Centre in Mental
/// Health, Frederiksborg General Hospital, 1998; free to use): five statements about the last
/// two weeks, each 0 ("at no time") to 5 ("all of the time"). Offered in the person's space before
/// the first interview, before the second and three months after the first; never compulsory.
/// Only the raw score is kept; the pair sees it; only aggregates ever leave the case.
/// </summary>
public sealed class Wellbeing(TandemDbContext db, AuditTrail audit, IClock clock)
{
    public const int Items = 5;
    public const int MaxItem = 5;
    public static readonly Duration FollowUpAfter = Duration.FromDays(90);
    public static readonly Duration FollowUpUntil = Duration.FromDays(180);

    /// <summary>The questionnaires the person may answer now.</summary>
    public async Task<IReadOnlyList<Who5Offer>> OffersAsync(Guid spaceId, CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        var accepted = db.Requests.Where(r => r.SpaceId == spaceId && r.Status == RequestStatus.Accepted).Select(r => r.Id);
        // The interviews and what was already answered for their request, in one query.
        var rows = await db.Appointments.AsNoTracking().Where(a => accepted.Contains(a.RequestId) && a.CancelledAt == null)
            .Select(a => new { Appointment = a, Answered = db.Who5Responses.Where(w => w.RequestId == a.RequestId).Select(w => w.Moment).ToList() })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        // Only requests with an interview can be offered a questionnaire.
        var appointments = rows.Select(r => r.Appointment).ToList();
        var requests = appointments.Select(a => a.RequestId).Distinct().ToList();
        var answered = rows.SelectMany(r => r.Answered.Select(m => (r.Appointment.RequestId, m))).ToHashSet();
        var offers = new List<Who5Offer>();
        foreach (var request in requests)
        {
            var mine = appointments.Where(a => a.RequestId == request).ToList();
            var first = mine.FirstOrDefault(a => a.Kind == AppointmentKind.First);
            var second = mine.FirstOrDefault(a => a.Kind == AppointmentKind.Second);
            if (first is not null && first.Start > now)
            {
                offers.Add(new Who5Offer(request, Who5Moment.BeforeFirst));
            }

            if (second is not null && second.Start > now)
            {
                offers.Add(new Who5Offer(request, Who5Moment.BeforeSecond));
            }

            if (first is { Attendance: Attendance.Held } && now >= first.Start + FollowUpAfter && now < first.Start + FollowUpUntil)
            {
                offers.Add(new Who5Offer(request, Who5Moment.ThreeMonths));
            }
        }

        return offers.Where(o => !answered.Contains((o.RequestId, o.Moment))).ToList();
    }

    /// <summary>The raw score, 0–25, of five answers each 0–5; null when the answers are not that.</summary>
    public static int? Score(IReadOnlyList<int?>? answers) =>
        answers is { Count: Items } && answers.All(a => a is >= 0 and <= MaxItem) ? answers.Sum(a => a!.Value) : null;

    public async Task<Outcome<int>> AnswerAsync(Guid spaceId, Guid requestId, Who5Moment? moment, IReadOnlyList<int?>? answers, CancellationToken ct = default)
    {
        if (!await db.Requests.AnyAsync(r => r.Id == requestId && r.SpaceId == spaceId, ct))
        {
            return Outcome<int>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        var score = Score(answers);
        if (score is null)
        {
            return Outcome<int>.Invalid("answers", CaseMessages.Who5Answers);
        }

        if (moment is null || !(await OffersAsync(spaceId, ct)).Contains(new Who5Offer(requestId, moment.Value)))
        {
            return Outcome<int>.Fail(OutcomeStatus.Conflict, CaseMessages.Who5NotOffered);
        }

        db.Who5Responses.Add(new Who5Response { Id = Guid.NewGuid(), RequestId = requestId, Moment = moment.Value, RawScore = score.Value, AnsweredAt = clock.GetCurrentInstant() });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Outcome<int>.Fail(OutcomeStatus.Conflict, CaseMessages.Who5NotOffered);
        }

        await audit.AppendAsync(AuditTrail.Beneficiary, "wellbeing.answered", requestId.ToString(), null, ct);
        return Outcome<int>.Ok(score.Value * 4);
    }
}
