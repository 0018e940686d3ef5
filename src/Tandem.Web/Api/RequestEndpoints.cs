using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using NodaTime;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;
using Tandem.Web.Hosting;

namespace Tandem.Web.Api;

public sealed record EmergencyNumberResponse(string Code, string Number, string Label);

public sealed record NewRequestResponse(Guid RequestId, string AccessCode, RequestStatus Status, bool Urgent, IReadOnlyList<EmergencyNumberResponse>? EmergencyNumbers);

public sealed record AccessCodeLogin(string? AccessCode);

public sealed record TokenResponse(string Token);

public sealed record BeneficiaryMeResponse(string? Pseudonym, IReadOnlyList<SpaceRequestView> Requests, IReadOnlyList<AppointmentView> Appointments, IReadOnlyList<Tandem.Core.Groups.GroupMembership> GroupMemberships, ContactKind? ContactKind, string? Contact);

public sealed record BookingBody(string? SlotId, string? IdempotencyKey, string? CallbackNumber = null);

public sealed record AttendanceBody(bool Held);

public sealed record MessageBody(string? Text);

public sealed record CreatedMessageResponse(Guid MessageId);

public sealed record ContactBody(ContactKind? Kind, string? Value);

public sealed record BeneficiaryExport(DateTimeOffset ExportedAt, BeneficiaryMeResponse Space);

public sealed record TriageBody(TriageOutcome? Outcome, string? SignpostedTo, string? Reason);

public sealed record FrameworkBody(bool Presented, bool LongInterview);

internal static class RequestEndpoints
{
    public static IEndpointRouteBuilder MapRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/v1").AllowAnonymous().WithTags("Requests");

        open.MapPost("/requests", async (NewRequest body, CreateRequest create, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await create.CreateAsync(body, null, ct);
            return outcome.Status == Tandem.Core.Common.OutcomeStatus.Throttled ? IntakeRefused(l, RequestMessages.IntakeSaturated) : ApiResults.From(outcome, l, created => Results.Created(
                "/api/v1/beneficiary/me",
                new NewRequestResponse(created.RequestId, created.AccessCode, created.Status, created.Urgent,
                    created.Urgent ? EmergencyNumbersIn(l) : null)));
        })
        .RequireRateLimiting(AuthHosting.RequestCreationRateLimit)
        .WithSummary("Opens a request anonymously; answers the access code, shown once, and the emergency numbers when crisis is true. 429 when too many requests came from this client in the last hour, or from everyone (a global cap).")
        .Produces<NewRequestResponse>(201).ProducesValidationProblem().ProducesProblem(429);

        open.MapPost("/beneficiary/login", async (AccessCodeLogin body, BeneficiaryAccess access, BeneficiarySessions sessions, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var outcome = await access.SignInAsync(body.AccessCode, ct);
            return ApiResults.From(outcome, l, session => Results.Ok(new TokenResponse(sessions.IssueToken(session))));
        })
        .RequireRateLimiting(AuthHosting.AccessCodeRateLimit)
        .WithSummary("Opens the space with its access code; answers a bearer token.")
        .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(429);

        var space = app.MapGroup("/api/v1/beneficiary").RequireAuthorization(Policies.Beneficiary).WithTags("Beneficiary space");

        space.MapGet("/me", async (ClaimsPrincipal user, BeneficiaryAccess access, Booking booking, Tandem.Core.Groups.GroupEnrolments groups, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await MeAsync(BeneficiarySessions.Session(user), access, booking, groups, ct) is { } me ? Results.Ok(me) : Results.Unauthorized())
        .WithMetadata(ChecksSpaceSessionItself.Instance)
        .WithSummary("Everything the space holds: pseudonym, requests with their status and messages, appointments, group memberships.")
        .Produces<BeneficiaryMeResponse>();

        space.MapDelete("/me", async (ClaimsPrincipal user, BeneficiaryAccess access, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await access.EraseAsync(BeneficiarySessions.SpaceId(user), ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .WithSummary("Erases the whole space for real; the code opens nothing any more.");

        space.MapPut("/me/contact", async (ContactBody body, ClaimsPrincipal user, BeneficiaryAccess access, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await access.SetContactAsync(BeneficiarySessions.SpaceId(user), body.Kind, body.Value, ct), l, _ => Results.NoContent()))
        .WithSummary("Sets the optional contact for reminders (phone or e-mail); stored encrypted.")
        .ProducesValidationProblem();

        space.MapDelete("/me/contact", async (ClaimsPrincipal user, BeneficiaryAccess access, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await access.RemoveContactAsync(BeneficiarySessions.SpaceId(user), ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .WithSummary("Removes the contact.");

        space.MapGet("/me/export", async (ClaimsPrincipal user, BeneficiaryAccess access, Booking booking, Tandem.Core.Groups.GroupEnrolments groups, TimeProvider time, IOptions<JsonOptions> json, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await ExportAsync(BeneficiarySessions.Session(user), access, booking, groups, time, ct) is { } export
                ? Results.File(JsonSerializer.SerializeToUtf8Bytes(export, json.Value.SerializerOptions), "application/json", ExportFileName)
                : Results.Unauthorized())
        .WithMetadata(ChecksSpaceSessionItself.Instance)
        .WithSummary("Everything the space holds, as a JSON file to keep.");

        space.MapPost("/requests/{requestId:guid}/messages", async (Guid requestId, MessageBody body, ClaimsPrincipal user, RequestConversation conversation, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await conversation.FromPersonAsync(BeneficiarySessions.SpaceId(user), requestId, body.Text, ct), l,
                id => Results.Created($"/api/v1/beneficiary/me", new CreatedMessageResponse(id))))
        .WithSummary("Replies to the coordination.")
        .Produces<CreatedMessageResponse>(201).ProducesValidationProblem();

        app.MapGet("/api/v1/requests/{requestId:guid}/slots", async (Guid requestId, Guid? replacing, string? from, ClaimsPrincipal user, Tandem.Core.Scheduling.RequestSlots slots, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var day = NodaTime.Text.LocalDatePattern.Iso.Parse(from ?? string.Empty);
            return ApiResults.From(
                from is not null && !day.Success
                    ? Tandem.Core.Common.Outcome<IReadOnlyList<Tandem.Core.Scheduling.SlotView>>.Invalid("from", Tandem.Core.Scheduling.SchedulingMessages.DateInvalid)
                    : await slots.ListAsync(requestId, BeneficiarySessions.Read(user)?.SpaceId, replacing, ct, from is null ? null : day.Value),
                l,
                Results.Ok);
        })
        .RequireAuthorization(Policies.CoordinatorOrBeneficiary)
        .WithTags("Booking")
        .WithSummary("Bookable slots of an accepted request for its next interview (the first, or the second once the first was held): both practitioners free for the whole interview, in the modality asked. With replacing={appointmentId}: the slots to move that appointment to. With from=yyyy-MM-dd: the slots from that day on (the list holds the first 200).")
        .Produces<IReadOnlyList<Tandem.Core.Scheduling.SlotView>>().ProducesProblem(404).ProducesProblem(409);

        app.MapPost("/api/v1/requests/{requestId:guid}/known-pairs", async (Guid requestId, BookingBody body, ClaimsPrincipal user, RequestSlots slots, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await slots.ExcludePairAsync(requestId, body.SlotId, BeneficiarySessions.Read(user)?.SpaceId, ct), l, _ => Results.NoContent()))
        .RequireAuthorization(Policies.CoordinatorOrBeneficiary)
        .WithTags("Booking")
        .WithSummary("\"I know one of these people\": the pair of that slot (slotId) is never offered again for this request. Which of the two is not asked.");

        app.MapPost("/api/v1/requests/{requestId:guid}/appointments", async (Guid requestId, BookingBody body, HttpRequest http, ClaimsPrincipal user, Booking booking, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var key = body.IdempotencyKey ?? http.Headers["Idempotency-Key"].FirstOrDefault();
            var staffId = BeneficiarySessions.Read(user) is null ? StaffClaims.Id(user) : (Guid?)null;
            var outcome = await booking.BookAsync(requestId, body.SlotId, key, BeneficiarySessions.Read(user)?.SpaceId, staffId, body.CallbackNumber, ct);
            return ApiResults.From(outcome, l, r => r.Created
                ? Results.Created($"/api/v1/requests/{requestId}/appointments/{r.Appointment.AppointmentId}", r.Appointment)
                : Results.Ok(r.Appointment));
        })
        .RequireAuthorization(Policies.CoordinatorOrBeneficiary)
        .WithTags("Booking")
        .WithSummary("Books the next interview on an offered slot; 409 when the slot or a practitioner was taken meanwhile. An Idempotency-Key (header or body) makes a retry answer the same appointment. A phone interview booked by the person needs callbackNumber, kept encrypted for that appointment only.")
        .Produces<AppointmentView>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        app.MapPost("/api/v1/appointments/{appointmentId:guid}/reschedule", async (Guid appointmentId, BookingBody body, ClaimsPrincipal user, Booking booking, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var space = BeneficiarySessions.Read(user)?.SpaceId;
            var outcome = await booking.RescheduleAsync(appointmentId, body.SlotId, space, space is null ? StaffClaims.Id(user) : null, body.CallbackNumber, ct);
            return ApiResults.From(outcome, l, r => r.Created
                ? Results.Created($"/api/v1/requests/{r.Appointment.RequestId}/appointments/{r.Appointment.AppointmentId}", r.Appointment)
                : Results.Ok(r.Appointment));
        })
        .RequireAuthorization(Policies.CoordinatorOrBeneficiary)
        .WithTags("Booking")
        .WithSummary("Moves an appointment to another slot (from GET slots?replacing=): the new one is booked and the old one cancelled together, or nothing changes. The person may do it up to the cancellation notice; staff at any time. 201 the new appointment; 409 when the slot was taken meanwhile or it is too late.")
        .Produces<AppointmentView>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        app.MapPost("/api/v1/appointments/{appointmentId:guid}/cancel", async (Guid appointmentId, ClaimsPrincipal user, Booking booking, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var space = BeneficiarySessions.Read(user)?.SpaceId;
            return ApiResults.From(await booking.CancelAsync(appointmentId, space, space is null ? StaffClaims.Id(user) : null, ct), l, _ => Results.NoContent());
        })
        .RequireAuthorization(Policies.CoordinatorOrBeneficiary)
        .WithTags("Booking")
        .WithSummary("Cancels an appointment: the person up to the configured notice before it, the coordination at any time. Rescheduling is cancelling then booking again.");

        app.MapPost("/api/v1/appointments/{appointmentId:guid}/attendance", async (Guid appointmentId, AttendanceBody body, ClaimsPrincipal user, Booking booking, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await booking.RecordAttendanceAsync(appointmentId, StaffClaims.Id(user), body.Held, ct), l, _ => Results.NoContent()))
        .RequireAuthorization(Policies.Practitioner)
        .WithTags("Booking")
        .WithSummary("The pair records whether the interview was held.");

        app.MapGet("/api/v1/practitioners/me/appointments", (ClaimsPrincipal user, Booking booking, CancellationToken ct) =>
            booking.ForPractitionerAsync(StaffClaims.Id(user), ct))
        .RequireAuthorization(Policies.Practitioner)
        .WithTags("Booking")
        .WithSummary("The signed-in practitioner's appointments (the last thirty days and ahead).");

        var coordination = app.MapGroup("/api/v1").RequireAuthorization(Policies.Coordinator).WithTags("Coordination");

        coordination.MapPost("/requests/{requestId:guid}/triage", async (Guid requestId, TriageBody body, ClaimsPrincipal user, Triage triage, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await triage.DecideAsync(StaffClaims.Id(user), requestId, new TriageDecision(body.Outcome, body.SignpostedTo, body.Reason), ct), l, Results.Ok))
        .WithSummary("Accepts, signposts (signpostedTo, with a text the person reads) or declines (with a reason the person reads) a new request.")
        .Produces<TriageDone>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        coordination.MapGet("/coordination/requests", (CoordinationQueue queue, CancellationToken ct) => queue.PendingAsync(ct))
        .WithSummary("New requests, urgent first, then oldest first, with the time waiting.");

        coordination.MapGet("/coordination/requests/{requestId:guid}", async (Guid requestId, ClaimsPrincipal user, CoordinationQueue queue, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await queue.OpenAsync(StaffClaims.Id(user), requestId, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(l))
        .WithSummary("One request as the coordination sees it (the read is audited).");

        coordination.MapPost("/coordination/requests/{requestId:guid}/messages", async (Guid requestId, MessageBody body, ClaimsPrincipal user, RequestConversation conversation, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await conversation.FromCoordinationAsync(StaffClaims.Id(user), requestId, body.Text, ct), l,
                id => Results.Created($"/api/v1/coordination/requests/{requestId}", new CreatedMessageResponse(id))))
        .WithSummary("Writes to the person's space.")
        .Produces<CreatedMessageResponse>(201).ProducesValidationProblem();

        coordination.MapPut("/coordination/requests/{requestId:guid}/framework", async (Guid requestId, FrameworkBody body, ClaimsPrincipal user, Triage triage, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await triage.RecordFrameworkAsync(StaffClaims.Id(user), requestId, body.Presented, body.LongInterview, ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .WithSummary("Records that the framework was presented and that the person can attend a long interview.");

        return app;
    }

    public const string ExportFileName = "tandem-mon-espace.json";

    /// <summary>A refused request (per-client limit or global cap) still tells where to call at once.</summary>
    public static IResult IntakeRefused(IStringLocalizer l, string detailKey) =>
        Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: l["Status.ThrottledTitle"], detail: l[detailKey],
            extensions: new Dictionary<string, object?> { ["emergencyNumbers"] = EmergencyNumbersIn(l) });

    public static async Task<BeneficiaryExport?> ExportAsync(SpaceSession session, BeneficiaryAccess access, Booking booking, Tandem.Core.Groups.GroupEnrolments groups, TimeProvider time, CancellationToken ct) =>
        await MeAsync(session, access, booking, groups, ct) is { } me ? new BeneficiaryExport(time.GetUtcNow(), me) : null;

    /// <summary>Everything the space holds, in two reads (three once it joined a group); null when the space is gone.</summary>
    public static async Task<BeneficiaryMeResponse?> MeAsync(SpaceSession session, BeneficiaryAccess access, Booking booking, Tandem.Core.Groups.GroupEnrolments groups, CancellationToken ct)
    {
        if (await access.ReadAsync(session, ct) is not { } view)
        {
            return null;
        }

        var appointments = await booking.ForSpaceAsync(view.SpaceId, ct);
        return new BeneficiaryMeResponse(view.Pseudonym, view.Requests, appointments, await groups.MembershipsAsync(view, ct), view.ContactKind, view.Contact);
    }

    private static List<EmergencyNumberResponse> EmergencyNumbersIn(IStringLocalizer l) =>
        EmergencyNumbers.All.Select(n => new EmergencyNumberResponse(n.Code, n.Dial, l["Emergency." + n.Code])).ToList();
}
