using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Data;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Security.Audit;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Scheduling;

public sealed record AppointmentView(
    Guid AppointmentId,
    Guid RequestId,
    AppointmentKind Kind,
    Instant Start,
    Instant End,
    Modality Modality,
    bool Cancelled,
    Attendance Attendance,
    IReadOnlyList<SlotPractitioner> Practitioners,
    string? Place,
    string? Access,
    string? VideoLink,
    string? CallbackNumber,
    int Participants = 1);

/// <summary>
/// Books a first interview on an offered slot. The slot is checked against what is
/// offered now; the database then refuses any overlap for either practitioner (see
/// <see cref="PractitionerBooking"/>), so the loser of a race gets a conflict, never a double booking.
/// </summary>
public sealed class Booking(TandemDbContext db, RequestSlots slots, SchedulingSettings settings, EnvelopeCrypto crypto, Mail.Outbox outbox, AuditTrail audit, IClock clock)
{
    // One query, on every call of the person's space, compiled once: the group size of a collective
    // request and the two practitioners' public names and first disciplines come with each appointment.
    // Its parameters are single values, never a list of request ids: PostgreSQL planned a statement
    // filtering on "= ANY(list)" again on every call (0.19 ms of planning for 0.04 ms of running),
    // where one filtering on the space keeps its generic plan.
    // The requests are those of a space or one request (the other id is Guid.Empty, which names none).
    private static readonly PerModel<Func<TandemDbContext, Guid, Guid, IAsyncEnumerable<AppointmentRow>>> AppointmentsOf = new(() =>
        EF.CompileAsyncQuery((TandemDbContext db, Guid spaceId, Guid requestId) =>
            db.Appointments.AsNoTracking()
                .Where(a => db.Requests.Any(r => r.Id == a.RequestId && (r.SpaceId == spaceId || r.Id == requestId)))
                .OrderBy(a => a.Start)
                .Select(a => new AppointmentRow(
                    a,
                    db.Requests.Where(r => r.Id == a.RequestId && r.Collective).Select(r => (int?)r.Participants).FirstOrDefault(),
                    db.PractitionerProfiles.Where(p => p.Id == a.FirstPractitionerId).Select(p => p.PublicName).FirstOrDefault(),
                    db.PractitionerProfiles.Where(p => p.Id == a.FirstPractitionerId).SelectMany(p => p.Disciplines).Select(d => d.Code).FirstOrDefault(),
                    db.PractitionerProfiles.Where(p => p.Id == a.SecondPractitionerId).Select(p => p.PublicName).FirstOrDefault(),
                    db.PractitionerProfiles.Where(p => p.Id == a.SecondPractitionerId).SelectMany(p => p.Disciplines).Select(d => d.Code).FirstOrDefault()))));

    public const int MaxIdempotencyKeyLength = 100;

    public static string CallbackPurpose(Guid appointmentId) => $"appointment.callback:{appointmentId:D}";

    /// <param name="callbackNumber">For a phone interview booked by the person: the number the pair will call, for this appointment only.</param>
    public Task<Outcome<(AppointmentView Appointment, bool Created)>> BookAsync(
        Guid requestId, string? slotId, string? idempotencyKey, Guid? spaceId, Guid? staffId, string? callbackNumber, CancellationToken ct = default) =>
        BookAsync(requestId, slotId, idempotencyKey, spaceId, staffId, callbackNumber, null, ct);

    /// <summary>
    /// Moves an interview to another offered slot, in one transaction: the new one is booked and
    /// the old one cancelled together, or nothing changes (the old one is kept when the new slot
    /// was taken meanwhile). The person may move it up to the cancellation notice; staff at any time.
    /// </summary>
    public async Task<Outcome<(AppointmentView Appointment, bool Created)>> RescheduleAsync(
        Guid appointmentId, string? slotId, Guid? spaceId, Guid? staffId, string? callbackNumber, CancellationToken ct = default)
    {
        var old = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId
            && (spaceId == null || db.Requests.Any(r => r.Id == a.RequestId && r.SpaceId == spaceId)), ct);
        if (old is null)
        {
            return Outcome<(AppointmentView, bool)>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (old.CancelledAt is not null || old.Attendance != Attendance.Pending)
        {
            return Outcome<(AppointmentView, bool)>.Fail(OutcomeStatus.Conflict, SchedulingMessages.NotMovable);
        }

        if (spaceId is not null && old.Start - clock.GetCurrentInstant() < Duration.FromHours(settings.CancellationNoticeHours))
        {
            return Outcome<(AppointmentView, bool)>.Fail(OutcomeStatus.Conflict, SchedulingMessages.TooLateToCancel);
        }

        // The number given for the old phone interview follows it, sealed anew for the new one.
        if (string.IsNullOrWhiteSpace(callbackNumber) && old.CallbackNumber is not null)
        {
            var dataKey = await db.Requests.Where(r => r.Id == old.RequestId).Select(r => r.DataKey).FirstAsync(ct);
            callbackNumber = crypto.Open(dataKey!, old.CallbackNumber, CallbackPurpose(old.Id));
        }

        return await BookAsync(old.RequestId, slotId, null, spaceId, staffId, callbackNumber, old, ct);
    }

    private async Task<Outcome<(AppointmentView Appointment, bool Created)>> BookAsync(
        Guid requestId, string? slotId, string? idempotencyKey, Guid? spaceId, Guid? staffId, string? callbackNumber, Appointment? replacing, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(slotId))
        {
            return Outcome<(AppointmentView, bool)>.Invalid("slotId", Messages.Required);
        }

        if (!string.IsNullOrWhiteSpace(callbackNumber) && !PhoneNumbers.IsValid(callbackNumber.Trim()))
        {
            return Outcome<(AppointmentView, bool)>.Invalid("callbackNumber", RequestMessages.PhoneInvalid);
        }

        if (idempotencyKey is { Length: > MaxIdempotencyKeyLength })
        {
            return Outcome<(AppointmentView, bool)>.Invalid("idempotencyKey", Messages.TooLong);
        }

        // A replayed booking finds its appointment booked, so the check refuses it as a conflict: only
        // then is the key looked up (a booking that goes through never needs that round trip).
        var key = string.IsNullOrWhiteSpace(idempotencyKey) ? $"{requestId:N}:{slotId}" : $"{requestId:N}:{idempotencyKey.Trim()}";
        var checkedSlot = await slots.CheckAsync(requestId, spaceId, replacing?.Id, slotId, ct);
        if (!checkedSlot.Succeeded)
        {
            return checkedSlot.Status == OutcomeStatus.Conflict && await FindByKeyAsync(key, ct) is { } replay
                ? Outcome<(AppointmentView, bool)>.Ok((replay, false))
                : Outcome<(AppointmentView, bool)>.Fail(checkedSlot.Status, checkedSlot.Errors.Values.SelectMany(v => v).FirstOrDefault());
        }

        var (kind, slot, participants, people, place) = checkedSlot.Value!;

        if (slot.Modality == Modality.Phone && spaceId is not null && string.IsNullOrWhiteSpace(callbackNumber))
        {
            return Outcome<(AppointmentView, bool)>.Invalid("callbackNumber", SchedulingMessages.CallbackRequired);
        }

        var appointment = new Appointment
        {
            Id = Guid.NewGuid(),
            RequestId = requestId,
            Kind = kind,
            Start = slot.Start,
            End = slot.End,
            Modality = slot.Modality,
            FirstPractitionerId = slot.Practitioners[0].PractitionerId,
            SecondPractitionerId = slot.Practitioners[1].PractitionerId,
            IdempotencyKey = key,
            CreatedAt = clock.GetCurrentInstant(),
            VideoRoom = slot.Modality == Modality.Video ? Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) : null,
        };
        if (place is not null)
        {
            (appointment.Place, appointment.Access) = (place.Place, place.Access);
        }

        if (slot.Modality == Modality.Phone && !string.IsNullOrWhiteSpace(callbackNumber))
        {
            var dataKey = await db.Requests.Where(r => r.Id == requestId).Select(r => r.DataKey).FirstAsync(ct);
            appointment.CallbackNumber = crypto.Seal(dataKey!, callbackNumber.Trim(), CallbackPurpose(appointment.Id));
        }
        foreach (var practitioner in new[] { appointment.FirstPractitionerId, appointment.SecondPractitionerId })
        {
            appointment.Bookings.Add(new PractitionerBooking { AppointmentId = appointment.Id, PractitionerId = practitioner, Start = slot.Start, End = slot.End });
        }

        if (!await TrySaveAsync(appointment, replacing, ct))
        {
            db.ChangeTracker.Clear();
            return await FindByKeyAsync(key, ct) is { } same
                ? Outcome<(AppointmentView, bool)>.Ok((same, false))
                : Outcome<(AppointmentView, bool)>.Fail(OutcomeStatus.Conflict, SchedulingMessages.SlotTaken);
        }

        var details = new Dictionary<string, string?> { ["kind"] = appointment.Kind == AppointmentKind.First ? "first" : "second", ["start"] = appointment.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        if (replacing is not null)
        {
            details["replaces"] = replacing.Id.ToString();
        }

        await audit.AppendAsync(staffId is { } s ? AuditTrail.Staff(s) : AuditTrail.Beneficiary, replacing is null ? "appointment.booked" : "appointment.rescheduled", appointment.Id.ToString(), details, ct);
        return Outcome<(AppointmentView, bool)>.Ok((View(appointment, people, participants), true));
    }

    /// <summary>
    /// Cancels an appointment and frees both practitioners' time. The person may cancel up to
    /// the configured notice before the start; staff (spaceId null) at any time.
    /// </summary>
    public async Task<Outcome<bool>> CancelAsync(Guid appointmentId, Guid? spaceId, Guid? staffId, CancellationToken ct = default)
    {
        var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId
            && (spaceId == null || db.Requests.Any(r => r.Id == a.RequestId && r.SpaceId == spaceId)), ct);
        if (appointment is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (appointment.CancelledAt is not null)
        {
            return Outcome<bool>.Ok(true);
        }

        var now = clock.GetCurrentInstant();
        if (spaceId is not null && appointment.Start - now < Duration.FromHours(settings.CancellationNoticeHours))
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, SchedulingMessages.TooLateToCancel);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ReleaseAsync(appointment, now, ct);
        await transaction.CommitAsync(ct);
        await audit.AppendAsync(staffId is { } s ? AuditTrail.Staff(s) : AuditTrail.Beneficiary, "appointment.cancelled", appointment.Id.ToString(), null, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The pair records whether the interview was held; anyone else finds nothing.</summary>
    public async Task<Outcome<bool>> RecordAttendanceAsync(Guid appointmentId, Guid practitionerUserId, bool held, CancellationToken ct = default)
    {
        var profileId = await db.PractitionerProfiles.Where(p => p.UserId == practitionerUserId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var appointment = profileId is null ? null : await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId
            && (a.FirstPractitionerId == profileId || a.SecondPractitionerId == profileId), ct);
        if (appointment is null)
        {
            return Outcome<bool>.Fail(OutcomeStatus.NotFound, Messages.NotFound);
        }

        if (appointment.CancelledAt is not null || appointment.Start > clock.GetCurrentInstant())
        {
            return Outcome<bool>.Fail(OutcomeStatus.Conflict, SchedulingMessages.NotYetHeld);
        }

        appointment.Attendance = held ? Attendance.Held : Attendance.NotAttended;
        appointment.CallbackNumber = null;
        await db.SaveChangesAsync(ct);
        await audit.AppendAsync(AuditTrail.Staff(practitionerUserId), "appointment.attendance_recorded", appointment.Id.ToString(),
            new Dictionary<string, string?> { ["held"] = held ? "true" : "false" }, ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>A practitioner's own appointments, from thirty days ago onwards (to record attendance).</summary>
    public async Task<IReadOnlyList<AppointmentView>> ForPractitionerAsync(Guid practitionerUserId, CancellationToken ct = default)
    {
        var profileId = await db.PractitionerProfiles.Where(p => p.UserId == practitionerUserId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (profileId is null)
        {
            return [];
        }

        var since = clock.GetCurrentInstant() - Duration.FromDays(30);
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => (a.FirstPractitionerId == profileId || a.SecondPractitionerId == profileId) && a.End > since)
            .OrderBy(a => a.Start)
            .ToListAsync(ct);
        return await ViewsAsync(appointments, withCallback: true, ct);
    }

    /// <summary>A practitioner's own agenda over a period, with the numbers to call.</summary>
    public async Task<IReadOnlyList<AppointmentView>> AgendaAsync(Guid practitionerUserId, AgendaPeriod period, CancellationToken ct = default)
    {
        var profileId = await db.PractitionerProfiles.Where(p => p.UserId == practitionerUserId).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        if (profileId is null)
        {
            return [];
        }

        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => (a.FirstPractitionerId == profileId || a.SecondPractitionerId == profileId) && a.End > period.Start && a.Start < period.End
                && a.Start > period.Start - Appointment.LongestInterview)
            .OrderBy(a => a.Start)
            .ToListAsync(ct);
        return await ViewsAsync(appointments, withCallback: true, ct);
    }

    /// <summary>Everyone's agenda over a period, for the coordination (optionally one practitioner's); never the numbers to call.</summary>
    public async Task<IReadOnlyList<AppointmentView>> EveryoneAsync(AgendaPeriod period, Guid? practitionerId, CancellationToken ct = default)
    {
        var appointments = await db.Appointments.AsNoTracking()
            .Where(a => a.End > period.Start && a.Start < period.End && a.Start > period.Start - Appointment.LongestInterview
                && (practitionerId == null || a.FirstPractitionerId == practitionerId || a.SecondPractitionerId == practitionerId))
            .OrderBy(a => a.Start)
            .ToListAsync(ct);
        return await ViewsAsync(appointments, withCallback: false, ct);
    }

    /// <summary>The appointments of every request of a space, earliest first.</summary>
    public Task<IReadOnlyList<AppointmentView>> ForSpaceAsync(Guid spaceId, CancellationToken ct = default) =>
        AppointmentsAsync(spaceId, Guid.Empty, ct);

    /// <summary>The appointments of one request, earliest first.</summary>
    public Task<IReadOnlyList<AppointmentView>> ForRequestAsync(Guid requestId, CancellationToken ct = default) =>
        AppointmentsAsync(Guid.Empty, requestId, ct);

    private async Task<IReadOnlyList<AppointmentView>> AppointmentsAsync(Guid spaceId, Guid requestId, CancellationToken ct)
    {
        var rows = new List<AppointmentRow>();
        await foreach (var row in AppointmentsOf.For(db)(db, spaceId, requestId).WithCancellation(ct))
        {
            rows.Add(row);
        }

        var people = new Dictionary<Guid, SlotPractitioner>();
        foreach (var row in rows)
        {
            if (row.FirstName is not null)
            {
                people[row.Appointment.FirstPractitionerId] = new SlotPractitioner(row.Appointment.FirstPractitionerId, row.FirstName, row.FirstDiscipline ?? string.Empty);
            }

            if (row.SecondName is not null)
            {
                people[row.Appointment.SecondPractitionerId] = new SlotPractitioner(row.Appointment.SecondPractitionerId, row.SecondName, row.SecondDiscipline ?? string.Empty);
            }
        }

        return rows.Select(r => View(r.Appointment, people, r.Participants ?? 1)).ToList();
    }

    /// <summary>
    /// Checks that neither practitioner is taken meanwhile and inserts, in one write transaction (for a
    /// new booking on PostgreSQL, the implicit one of a single batch). On SQLite the transaction begins
    /// IMMEDIATE, so no other writer runs between the check and the insert; on PostgreSQL the exclusion
    /// constraint refuses what a concurrent writer slipped in (SQLSTATE 23P01), as the unique indexes
    /// refuse a second booking of the request or a replayed key.
    /// </summary>
    private async Task<bool> TrySaveAsync(Appointment appointment, Appointment? replacing, CancellationToken ct)
    {
        if (replacing is null && db.Database.IsNpgsql())
        {
            return await TrySaveInOneBatchAsync(appointment, ct);
        }

        // No savepoint around the save: on a refusal the whole transaction is rolled back, so one
        // would cost two round trips (set, then released) for nothing.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (replacing is not null)
            {
                // Cancelled in the same transaction: if the new slot is refused, the old one stands.
                if (!await ReleaseAsync(replacing, clock.GetCurrentInstant(), ct))
                {
                    return false;
                }
            }

            // On PostgreSQL the exclusion constraint is the check (one round trip less per booking);
            // SQLite has none, and its IMMEDIATE transaction makes this check and the insert atomic.
            if (!db.Database.IsNpgsql())
            {
                var practitioners = new[] { appointment.FirstPractitionerId, appointment.SecondPractitionerId };
                var taken = await db.PractitionerBookings.AnyAsync(b => practitioners.Contains(b.PractitionerId)
                    && b.Start < appointment.End && appointment.Start < b.End && b.Start > appointment.Start - Appointment.LongestInterview, ct);
                if (taken)
                {
                    return false;
                }
            }

            db.Appointments.Add(appointment);
            outbox.AppointmentBooked(appointment);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }

    /// <summary>
    /// A new booking on PostgreSQL, in one round trip: the appointment, its two bookings and its mails
    /// go as one batch, without BEGIN and COMMIT. PostgreSQL runs the statements sent before one Sync
    /// as one implicit transaction, so a refusal of any of them (the exclusion constraint, a unique
    /// index) rolls back those before it: they are saved together or not at all, as in a transaction.
    /// </summary>
    private async Task<bool> TrySaveInOneBatchAsync(Appointment appointment, CancellationToken ct)
    {
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            db.Appointments.Add(appointment);
            outbox.AppointmentBooked(appointment);
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
        finally
        {
            db.Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }
    }

    /// <summary>
    /// Cancels inside the caller's transaction: marks the appointment cancelled unless someone
    /// did meanwhile, moves its key aside (booking the same slot again is a new booking, not a
    /// replay), frees both practitioners' time and settles its mails.
    /// </summary>
    /// <returns>False when it was already cancelled.</returns>
    private async Task<bool> ReleaseAsync(Appointment appointment, Instant now, CancellationToken ct)
    {
        var cancelled = await db.Appointments.Where(a => a.Id == appointment.Id && a.CancelledAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CancelledAt, now)
                .SetProperty(a => a.IdempotencyKey, $"{appointment.IdempotencyKey}~{appointment.Id:N}"), ct);
        if (cancelled == 0)
        {
            return false;
        }

        await db.PractitionerBookings.Where(b => b.AppointmentId == appointment.Id).ExecuteDeleteAsync(ct);
        await outbox.AppointmentCancelledAsync(appointment.Id, ct);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private async Task<AppointmentView?> FindByKeyAsync(string key, CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.IdempotencyKey == key, ct);
        return appointment is null ? null : (await ViewsAsync([appointment], false, ct))[0];
    }

    /// <summary>Clears the callback numbers of interviews that are over; safe to run on every instance at once.</summary>
    public Task<int> ForgetPastCallbackNumbersAsync(CancellationToken ct = default)
    {
        var now = clock.GetCurrentInstant();
        return db.Appointments.Where(a => a.CallbackNumber != null && a.End < now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CallbackNumber, (SealedText?)null), ct);
    }

    private async Task<IReadOnlyList<AppointmentView>> ViewsAsync(List<Appointment> appointments, bool withCallback, CancellationToken ct)
    {
        if (appointments.Count == 0)
        {
            return [];
        }

        var ids = appointments.SelectMany(a => new[] { a.FirstPractitionerId, a.SecondPractitionerId }).Distinct().ToList();
        var people = await db.PublicPractitionersAsync(ids, ct);
        var requestIds = appointments.Select(a => a.RequestId).Distinct().ToList();
        var participants = await db.Requests.AsNoTracking().Where(r => requestIds.Contains(r.Id) && r.Collective)
            .Select(r => new { r.Id, r.Participants }).ToDictionaryAsync(r => r.Id, r => r.Participants, ct);
        var keys = withCallback && appointments.Any(a => a.CallbackNumber is not null)
            ? await db.Requests.AsNoTracking().Include(r => r.DataKey).Where(r => appointments.Select(a => a.RequestId).Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.DataKey!, ct)
            : [];
        return appointments.Select(a => View(
            a,
            people,
            participants.GetValueOrDefault(a.RequestId, 1),
            withCallback && a.CallbackNumber is not null && keys.TryGetValue(a.RequestId, out var key) ? crypto.Open(key, a.CallbackNumber, CallbackPurpose(a.Id)) : null)).ToList();
    }

    /// <summary>An appointment as it is shown, its practitioners named from <paramref name="people"/>.</summary>
    internal AppointmentView View(Appointment a, IReadOnlyDictionary<Guid, SlotPractitioner> people, int participants, string? callbackNumber = null) => new(
        a.Id, a.RequestId, a.Kind, a.Start, a.End, a.Modality, a.CancelledAt is not null, a.Attendance,
        [people.Of(a.FirstPractitionerId), people.Of(a.SecondPractitionerId)],
        a.Place,
        a.Access,
        settings.VideoLink(a.VideoRoom),
        callbackNumber,
        participants);
}

/// <summary>An appointment of a person's request, with what the space shows of it.</summary>
internal sealed record AppointmentRow(Appointment Appointment, int? Participants, string? FirstName, string? FirstDiscipline, string? SecondName, string? SecondDiscipline);
