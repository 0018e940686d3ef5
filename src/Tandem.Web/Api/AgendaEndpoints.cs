using System.Security.Claims;
using Microsoft.Extensions.Localization;
using NodaTime;
using Tandem.Core.Scheduling;
using Tandem.Web.Authorization;

namespace Tandem.Web.Api;

public sealed record AgendaResponse(string View, LocalDate First, LocalDate Last, LocalDate Previous, LocalDate Next, IReadOnlyList<AppointmentView> Appointments);

public sealed record CalendarFeedResponse(string Url);

/// <summary>Agendas (a practitioner's own, and everyone's for the coordination) and the practitioners' private calendar feeds.</summary>
internal static class AgendaEndpoints
{
    public const string FeedPath = "/calendrier";

    public static IEndpointRouteBuilder MapAgendaEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/practitioners/me/agenda", async (string? view, string? date, ClaimsPrincipal user, Booking booking, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var period = AgendaPeriod.Parse(view, date, clock, settings.Zone);
            return period.Succeeded
                ? Results.Ok(Response(period.Value!, await booking.AgendaAsync(StaffClaims.Id(user), period.Value!, ct)))
                : ApiResults.From(period, l, Results.Ok);
        })
        .RequireAuthorization(Policies.Practitioner)
        .WithTags("Agenda")
        .WithSummary("The signed-in practitioner's agenda for a week (view=week, Monday to Sunday) or a day (view=day) around date (yyyy-MM-dd, default today), in the service's time zone.")
        .Produces<AgendaResponse>().ProducesValidationProblem();

        app.MapGet("/api/v1/coordination/agenda", async (string? view, string? date, Guid? practitionerId, Booking booking, SchedulingSettings settings, IClock clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        {
            var period = AgendaPeriod.Parse(view, date, clock, settings.Zone);
            return period.Succeeded
                ? Results.Ok(Response(period.Value!, await booking.EveryoneAsync(period.Value!, practitionerId, ct)))
                : ApiResults.From(period, l, Results.Ok);
        })
        .RequireAuthorization(Policies.Coordinator)
        .WithTags("Agenda")
        .WithSummary("Every practitioner's appointments for a week or a day (optionally one practitioner's, by profile id); never the numbers to call.")
        .Produces<AgendaResponse>().ProducesValidationProblem();

        app.MapPost("/api/v1/practitioners/me/calendar-feed", async (HttpContext http, ClaimsPrincipal user, CalendarFeeds feeds, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await feeds.CreateAsync(StaffClaims.Id(user), ct) is { } token
                ? Results.Created((string?)null, new CalendarFeedResponse(FeedUrl(http, token)))
                : ApiResults.NotFound(l))
        .RequireAuthorization(Policies.Practitioner)
        .WithTags("Agenda")
        .WithSummary("Creates the private calendar feed address (.ics), shown once; any previous address stops working.")
        .Produces<CalendarFeedResponse>(201).ProducesProblem(404);

        app.MapDelete("/api/v1/practitioners/me/calendar-feed", async (ClaimsPrincipal user, CalendarFeeds feeds, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            await feeds.RevokeAsync(StaffClaims.Id(user), ct) ? Results.NoContent() : ApiResults.NotFound(l))
        .RequireAuthorization(Policies.Practitioner)
        .WithTags("Agenda")
        .WithSummary("Revokes the private calendar feed address.");

        // The secret in the address is the only credential: calendar applications send no cookie.
        app.MapGet(FeedPath + "/{token}.ics", async (string token, CalendarFeeds feeds, CancellationToken ct) =>
            await feeds.ReadAsync(token, ct) is { } ics ? Results.Text(ics, CalendarFiles.ContentType + "; charset=utf-8") : Results.NotFound())
        .AllowAnonymous()
        .ExcludeFromDescription();

        return app;
    }

    public static string FeedUrl(HttpContext http, string token) => $"{Hosting.PublicLinks.BaseUrl(http)}{FeedPath}/{token}.ics";

    private static AgendaResponse Response(AgendaPeriod period, IReadOnlyList<AppointmentView> appointments) =>
        new(period.View == AgendaView.Day ? "day" : "week", period.First, period.Last, period.Previous, period.Next, appointments);
}
