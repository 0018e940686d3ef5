using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Tandem.Core.Cases;
using Tandem.Web.Authorization;

namespace Tandem.Web.Api;

public sealed record NoteBody(string? Text);

public sealed record NoteCreated(Guid NoteId);

public sealed record ReferralCreated(Guid ReferralId);

public sealed record ConsentBody(bool Accepted);

public sealed record Who5Body(Who5Moment? Moment, IReadOnlyList<int?>? Answers);

public sealed record Who5Result(int Percentage);

/// <summary>
/// The case record. Everything under <c>/api/v1/cases/{requestId}</c> is for the practitioners of
/// the case's pair only: anyone else — coordination and administrators included — gets 404.
/// </summary>
internal static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var practitioner = app.MapGroup("/api/v1").RequireAuthorization(Policies.Practitioner).WithTags("Cases");

        practitioner.MapGet("/practitioners/me/cases", (ClaimsPrincipal user, CaseFiles cases, CancellationToken ct) => cases.ForPractitionerAsync(StaffClaims.Id(user), ct))
            .WithSummary("The cases the signed-in practitioner is in the pair of, open ones first.");

        practitioner.MapGet("/cases/{requestId:guid}", async (Guid requestId, ClaimsPrincipal user, CaseFiles cases, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await cases.OpenAsync(StaffClaims.Id(user), requestId, ct) is { } view ? Results.Ok(view) : ApiResults.NotFound(l))
            .WithSummary("The case as its pair sees it: interviews and their records, WHO-5 scores, referrals, how many notes. The read is audited.")
            .Produces<CaseView>().ProducesProblem(404);

        practitioner.MapPut("/cases/{requestId:guid}/interviews/{appointmentId:guid}/record", async (Guid requestId, Guid appointmentId, RecordInput body, ClaimsPrincipal user, CaseFiles cases, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await cases.RecordInterviewAsync(StaffClaims.Id(user), requestId, appointmentId, body, ct), l, Results.Ok))
            .WithSummary("Records an interview: held, durationMinutes, themes confirmed, axes (each of the six risk factors: not_raised, raised, major), nextStep (second_interview, support_group, workshop, referral, signposting with signpostCategory, closed). Recording again replaces it.")
            .Produces<RecordView>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        practitioner.MapPost("/cases/{requestId:guid}/notes", async (Guid requestId, NoteBody body, ClaimsPrincipal user, CaseNotes notes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await notes.WriteAsync(StaffClaims.Id(user), requestId, body.Text, ct), l, id => Results.Created($"/api/v1/cases/{requestId}/notes/{id}", new NoteCreated(id))))
            .WithSummary("Writes a note, sealed under the case's own key; readable by the pair only.")
            .Produces<NoteCreated>(201).ProducesValidationProblem().ProducesProblem(404);

        practitioner.MapGet("/cases/{requestId:guid}/notes", async (Guid requestId, ClaimsPrincipal user, CaseNotes notes, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await notes.ReadAsync(StaffClaims.Id(user), requestId, ct) is { } list ? Results.Ok(list) : ApiResults.NotFound(l))
            .WithSummary("The notes, decrypted, oldest first; the read is audited.")
            .Produces<IReadOnlyList<NoteView>>().ProducesProblem(404);

        practitioner.MapGet("/cases/{requestId:guid}/referral-candidates", async (Guid requestId, ClaimsPrincipal user, CaseAccess access, Referrals referrals, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await access.PairMemberAsync(StaffClaims.Id(user), requestId, ct) is null
                ? ApiResults.NotFound(l)
                : Results.Ok(await referrals.CandidatesAsync(StaffClaims.Id(user), requestId, ct)))
            .WithSummary("Practitioners a referral may go to: another discipline, outside the pair, no declared link to the person's organisation.")
            .Produces<IReadOnlyList<ReferralCandidate>>().ProducesProblem(404);

        practitioner.MapPost("/cases/{requestId:guid}/referrals", async (Guid requestId, ReferralInput body, ClaimsPrincipal user, Referrals referrals, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await referrals.ProposeAsync(StaffClaims.Id(user), requestId, body, ct), l, id => Results.Created($"/api/v1/cases/{requestId}/referrals/{id}", new ReferralCreated(id))))
            .WithSummary("Proposes a referral (toPractitionerId, handOver). The person answers in their space; the practitioner referred to reads the hand-over only after consent.")
            .Produces<ReferralCreated>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        practitioner.MapPost("/cases/{requestId:guid}/referrals/{referralId:guid}/consent", async (Guid requestId, Guid referralId, ConsentBody body, ClaimsPrincipal user, Referrals referrals, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await referrals.RecordConsentAsync(StaffClaims.Id(user), requestId, referralId, body.Accepted, ct), l, _ => Results.NoContent()))
            .WithSummary("The pair records the person's answer given during an interview.")
            .ProducesProblem(404).ProducesProblem(409);

        practitioner.MapPost("/cases/{requestId:guid}/danger", async (Guid requestId, DangerInput body, ClaimsPrincipal user, Danger danger, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await danger.DeclareAsync(StaffClaims.Id(user), requestId, body, ct), l, Results.Ok))
            .WithSummary("A practitioner of the pair judges the person in immediate danger (reason required): the decision, its reason and who took it go into the audit chain, and the answer gives the contact the person left, if any. Nothing else lifts anonymity; the employer is never told.")
            .Produces<DangerDeclared>().ProducesValidationProblem().ProducesProblem(404);

        practitioner.MapGet("/practitioners/me/referrals", (ClaimsPrincipal user, Referrals referrals, CancellationToken ct) => referrals.ReceivedAsync(StaffClaims.Id(user), ct))
            .WithSummary("The referrals the signed-in practitioner received with the person's consent: the hand-over note and who referred, nothing else. The read is audited.");

        var space = app.MapGroup("/api/v1/beneficiary").RequireAuthorization(Policies.Beneficiary).WithTags("Beneficiary space");

        space.MapGet("/referrals", (ClaimsPrincipal user, Referrals referrals, CancellationToken ct) => referrals.ForSpaceAsync(BeneficiarySessions.SpaceId(user), ct))
            .WithSummary("The referrals proposed to the person, with whom and whether they answered.");

        space.MapPost("/referrals/{referralId:guid}/answer", async (Guid referralId, ConsentBody body, ClaimsPrincipal user, Referrals referrals, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await referrals.AnswerAsync(BeneficiarySessions.SpaceId(user), referralId, body.Accepted, ct), l, _ => Results.NoContent()))
            .WithSummary("The person accepts or refuses a referral.")
            .ProducesProblem(404).ProducesProblem(409);

        space.MapGet("/wellbeing", (ClaimsPrincipal user, Wellbeing wellbeing, CancellationToken ct) => wellbeing.OffersAsync(BeneficiarySessions.SpaceId(user), ct))
            .WithSummary("The WHO-5 questionnaires the person may answer now (never compulsory).");

        space.MapPost("/requests/{requestId:guid}/wellbeing", async (Guid requestId, Who5Body body, ClaimsPrincipal user, Wellbeing wellbeing, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            ApiResults.From(await wellbeing.AnswerAsync(BeneficiarySessions.SpaceId(user), requestId, body.Moment, body.Answers, ct), l, p => Results.Created((string?)null, new Who5Result(p))))
            .WithSummary("Answers a WHO-5 questionnaire: moment (before_first, before_second, three_months) and five answers, each 0 (at no time) to 5 (all of the time). Only the score is kept.")
            .Produces<Who5Result>(201).ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);

        return app;
    }
}
