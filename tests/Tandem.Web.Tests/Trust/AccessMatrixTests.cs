using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Data;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Trust;

/// <summary>
/// Every page and endpoint of the app, for every actor, with the answer expected. The list of
/// endpoints is read from the app's own routing, so a new endpoint absent from the table fails
/// the test, and so does a row left for an endpoint that no longer exists.
/// </summary>
public abstract partial class AccessMatrixTests(DatabaseProvider provider)
{
    /// <summary>
    /// Columns, in order: anonymous · beneficiary A · beneficiary B · practitioner of A's pair ·
    /// other practitioner · coordinator · administrator · contact of A's organisation · contact of
    /// another organisation. A cell is the status code, or where a redirection leads: "login" is
    /// the staff sign-in page, "space-login" the person's, "→/path" anywhere else. API
    /// calls that write send an empty JSON body, so whoever is let in meets validation (400) and
    /// nothing is saved; pages are read with GET (their forms post to the same policy and call the
    /// same handlers as the API rows). Rows run in the order of <see cref="Rank"/>; where two
    /// actors may delete the same thing, the second finds it gone (404).
    /// </summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["ANY /{**path}"] = "404 404 404 404 404 404 404 404 404",
        ["GET /api/v1/admin/audit"] = "401 404 404 404 404 404 200 404 404",
        ["GET /api/v1/admin/invitations"] = "401 404 404 404 404 404 200 404 404",
        ["GET /api/v1/admin/staff"] = "401 404 404 404 404 404 200 404 404",
        ["GET /api/v1/admin/suited-pairs"] = "401 404 404 404 404 404 200 404 404",
        ["GET /api/v1/beneficiary/groups"] = "401 200 200 404 404 404 404 404 404",
        ["GET /api/v1/beneficiary/me"] = "401 200 200 404 404 404 404 404 404",
        ["GET /api/v1/beneficiary/me/export"] = "401 200 200 404 404 404 404 404 404",
        ["GET /api/v1/beneficiary/referrals"] = "401 200 200 404 404 404 404 404 404",
        ["GET /api/v1/beneficiary/wellbeing"] = "401 200 200 404 404 404 404 404 404",
        ["GET /api/v1/cases/{requestId:guid}"] = "401 404 404 200 404 404 404 404 404",
        ["GET /api/v1/cases/{requestId:guid}/notes"] = "401 404 404 200 404 404 404 404 404",
        ["GET /api/v1/cases/{requestId:guid}/referral-candidates"] = "401 404 404 200 404 404 404 404 404",
        ["GET /api/v1/coordination/agenda"] = "401 404 404 404 404 200 404 404 404",
        ["GET /api/v1/coordination/requests"] = "401 404 404 404 404 200 404 404 404",
        ["GET /api/v1/coordination/requests/{requestId:guid}"] = "401 404 404 404 404 200 404 404 404",
        ["GET /api/v1/groups/"] = "401 404 404 200 200 200 200 404 404",
        ["GET /api/v1/groups/{groupId:guid}"] = "401 404 404 200 404 200 200 404 404",
        ["GET /api/v1/hotline/rota"] = "401 404 404 200 200 200 200 404 404",
        ["GET /api/v1/invoices/{id:guid}"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/invoices/{id:guid}.{format}"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/organisations"] = "401 404 404 404 404 200 200 404 404",
        ["GET /api/v1/organisations/{orgId:guid}"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/organisations/{orgId:guid}/indicators"] = "401 404 404 404 404 400 400 400 404",
        ["GET /api/v1/organisations/{orgId:guid}/indicators.csv"] = "401 404 404 404 404 400 400 400 404",
        ["GET /api/v1/organisations/{orgId:guid}/indicators.pdf"] = "401 404 404 404 404 400 400 400 404",
        ["GET /api/v1/organisations/{orgId:guid}/indicators/chart.svg"] = "401 404 404 404 404 400 400 400 404",
        ["GET /api/v1/organisations/{orgId:guid}/invoices"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/organisations/{orgId:guid}/kit/{document}.pdf"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/organisations/{orgId:guid}/programmes"] = "401 404 404 200 404 200 200 200 404",
        ["GET /api/v1/organisations/{orgId:guid}/statements/{month}"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/practitioners/"] = "200 200 200 200 200 200 200 200 200",
        ["GET /api/v1/practitioners/me/agenda"] = "401 404 404 200 200 404 404 404 404",
        ["GET /api/v1/practitioners/me/appointments"] = "401 404 404 200 200 404 404 404 404",
        ["GET /api/v1/practitioners/me/cases"] = "401 404 404 200 200 404 404 404 404",
        ["GET /api/v1/practitioners/me/referrals"] = "401 404 404 200 200 404 404 404 404",
        ["GET /api/v1/practitioners/{userId:guid}/availability/"] = "401 404 404 200 404 404 200 404 404",
        ["GET /api/v1/programme-rules/{token}"] = "200 200 200 200 200 200 200 200 200",
        ["GET /api/v1/programmes/{id:guid}"] = "401 404 404 200 404 200 200 200 404",
        ["GET /api/v1/programmes/{id:guid}/quote.{format}"] = "401 404 404 404 404 200 200 200 404",
        ["GET /api/v1/requests/{requestId:guid}/slots"] = "401 409 404 404 404 409 404 404 404",
        ["GET /api/v1/staff/me"] = "401 404 404 200 200 200 200 200 200",
        ["GET /api/v1/staff/me/sessions"] = "401 404 404 200 200 200 200 200 200",
        ["GET /api/v1/staff/me/security-keys"] = "401 404 404 200 200 200 200 200 200",
        ["GET /calendrier/{token}.ics"] = "404 404 404 404 404 404 404 404 404",
        ["GET /healthz"] = "200 200 200 200 200 200 200 200 200",
        ["GET /openapi/{documentName}.json"] = "200 200 200 200 200 200 200 200 200",
        ["PAGE /"] = "200 200 200 200 200 200 200 200 200",
        ["PAGE /admin/binomes"] = "login login login 404 404 404 200 404 404",
        ["PAGE /admin/equipe"] = "login login login 404 404 404 200 404 404",
        ["PAGE /admin/journal"] = "login login login 404 404 404 200 404 404",
        ["PAGE /charte"] = "200 200 200 200 200 200 200 200 200",
        ["PAGE /connexion"] = "200 200 200 →/espace →/espace →/espace →/espace →/espace →/espace",
        ["PAGE /connexion/activation"] = "login login login login login login login login login",
        ["PAGE /connexion/code"] = "login login login login login login login login login",
        ["PAGE /coordination"] = "login login login 404 404 200 404 404 404",
        ["PAGE /coordination/agenda"] = "login login login 404 404 200 404 404 404",
        ["PAGE /coordination/astreinte"] = "login login login 404 404 200 404 404 404",
        ["PAGE /coordination/demandes/{requestId:guid}"] = "login login login 404 404 200 404 404 404",
        ["PAGE /demande"] = "200 200 200 200 200 200 200 200 200",
        ["PAGE /espace"] = "login login login 200 200 200 200 200 200",
        ["PAGE /espace/disponibilites"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/dossiers"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/dossiers/{requestId:guid}"] = "login login login 200 404 404 404 404 404",
        ["PAGE /espace/entretiens"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/groupes"] = "login login login 200 200 200 200 404 404",
        ["PAGE /espace/groupes/{id:guid}"] = "login login login 200 404 200 200 404 404",
        ["PAGE /espace/ligne"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/orientations"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/profil"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/programmes"] = "login login login 200 200 404 404 404 404",
        ["PAGE /espace/securite"] = "login login login 200 200 200 200 200 200",
        ["PAGE /installation/{token}"] = "404 404 404 404 404 404 404 404 404",
        ["PAGE /invitation/{token}"] = "404 404 404 404 404 404 404 404 404",
        ["PAGE /langue"] = "→/ →/ →/ →/ →/ →/ →/ →/ →/",
        ["PAGE /mon-espace"] = "space-login 200 200 space-login space-login space-login space-login space-login space-login",
        ["PAGE /mon-espace/bien-etre/{requestId:guid}"] = "space-login →/mon-espace →/mon-espace space-login space-login space-login space-login space-login space-login",
        ["PAGE /mon-espace/connexion"] = "200 200 200 200 200 200 200 200 200",
        ["PAGE /mon-espace/creneaux/{requestId:guid}"] = "space-login →/mon-espace 404 space-login space-login space-login space-login space-login space-login",
        ["PAGE /mon-espace/effacer"] = "space-login 200 200 space-login space-login space-login space-login space-login space-login",
        ["PAGE /mon-espace/export"] = "space-login 200 200 space-login space-login space-login space-login space-login space-login",
        ["PAGE /mon-espace/groupes"] = "space-login 200 200 space-login space-login space-login space-login space-login space-login",
        ["PAGE /mon-espace/imprimer"] = "space-login 200 200 space-login space-login space-login space-login space-login space-login",
        ["PAGE /nouveau-mot-de-passe/{token}"] = "404 404 404 404 404 404 404 404 404",
        ["PAGE /organisations"] = "login login login 404 404 200 200 →/organisations/{id} →/organisations/{id}",
        ["PAGE /organisations/{orgId:guid}"] = "login login login 404 404 200 200 200 404",
        ["PAGE /organisations/{orgId:guid}/facturation"] = "login login login 404 404 200 200 200 404",
        ["PAGE /organisations/{orgId:guid}/indicateurs"] = "login login login 404 404 200 200 200 404",
        ["PAGE /organisations/{orgId:guid}/programmes/nouveau"] = "login login login 404 404 200 200 404 404",
        ["PAGE /programmes/{id:guid}"] = "login login login 200 404 200 200 200 404",
        ["PAGE /regles/{token}"] = "200 200 200 200 200 200 200 200 200",
        ["PAGE /statut/{code:int}"] = "404 404 404 404 404 404 404 404 404",
        ["POST /api/v1/admin/audit/verification"] = "401 404 404 404 404 404 200 404 404",
        ["POST /api/v1/admin/invitations"] = "401 404 404 404 404 404 400 404 404",
        ["POST /api/v1/admin/staff/{id:guid}/deactivate"] = "401 404 404 404 404 404 200 404 404",
        ["POST /api/v1/admin/staff/{id:guid}/password-reset"] = "401 404 404 404 404 404 201 404 404",
        ["POST /api/v1/admin/staff/{id:guid}/reactivate"] = "401 404 404 404 404 404 200 404 404",
        ["POST /api/v1/admin/staff/{id:guid}/reset-second-factor"] = "401 404 404 404 404 404 200 404 404",
        ["POST /api/v1/admin/suited-pairs"] = "401 404 404 404 404 404 400 404 404",
        ["POST /api/v1/appointments/{appointmentId:guid}/attendance"] = "401 404 404 409 404 404 404 404 404",
        ["POST /api/v1/appointments/{appointmentId:guid}/reschedule"] = "401 400 404 404 404 400 404 404 404",
        ["POST /api/v1/beneficiary/groups/{groupId:guid}/enrolments"] = "401 400 409 404 404 404 404 404 404",
        ["POST /api/v1/beneficiary/login"] = "400 400 400 400 400 400 400 400 400",
        ["POST /api/v1/beneficiary/referrals/{referralId:guid}/answer"] = "401 204 404 404 404 404 404 404 404",
        ["POST /api/v1/beneficiary/requests/{requestId:guid}/messages"] = "401 400 404 404 404 404 404 404 404",
        ["POST /api/v1/beneficiary/requests/{requestId:guid}/wellbeing"] = "401 400 404 404 404 404 404 404 404",
        ["POST /api/v1/cases/{requestId:guid}/danger"] = "401 404 404 400 404 404 404 404 404",
        ["POST /api/v1/cases/{requestId:guid}/groups-proposal"] = "401 404 404 204 404 404 404 404 404",
        ["POST /api/v1/cases/{requestId:guid}/notes"] = "401 404 404 400 404 404 404 404 404",
        ["POST /api/v1/cases/{requestId:guid}/referrals"] = "401 404 404 400 404 404 404 404 404",
        ["POST /api/v1/cases/{requestId:guid}/referrals/{referralId:guid}/consent"] = "401 404 404 409 404 404 404 404 404",
        ["POST /api/v1/coordination/requests/{requestId:guid}/messages"] = "401 404 404 404 404 400 404 404 404",
        ["POST /api/v1/groups/"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/groups/{groupId:guid}/sessions"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/hotline/calls"] = "401 404 404 400 400 404 404 404 404",
        ["POST /api/v1/hotline/shifts"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/invitations/{token}/accept"] = "404 404 404 404 404 404 404 404 404",
        ["POST /api/v1/organisations/"] = "401 404 404 404 404 404 400 404 404",
        ["POST /api/v1/organisations/{orgId:guid}/contacts"] = "401 404 404 404 404 404 400 404 404",
        ["POST /api/v1/organisations/{orgId:guid}/invoices"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/organisations/{orgId:guid}/onboarding"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/organisations/{orgId:guid}/programmes"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/organisations/{orgId:guid}/units"] = "401 404 404 404 404 404 400 404 404",
        ["POST /api/v1/organisations/{orgId:guid}/units/{unitId:guid}/merge"] = "401 404 404 404 404 404 400 404 404",
        ["POST /api/v1/password-resets/{token}"] = "404 404 404 404 404 404 404 404 404",
        ["POST /api/v1/practitioners/me/calendar-feed"] = "401 404 404 201 201 404 404 404 404",
        ["POST /api/v1/practitioners/{userId:guid}/availability/leaves"] = "401 404 404 400 404 404 400 404 404",
        ["POST /api/v1/practitioners/{userId:guid}/availability/openings"] = "401 404 404 400 404 404 400 404 404",
        ["POST /api/v1/practitioners/{userId:guid}/availability/prior-links"] = "401 404 404 400 404 404 400 404 404",
        ["POST /api/v1/practitioners/{userId:guid}/availability/windows"] = "401 404 404 400 404 404 400 404 404",
        ["POST /api/v1/programme-rules/{token}/accept"] = "204 204 204 204 204 204 204 204 204",
        ["POST /api/v1/programmes/{id:guid}/participants"] = "401 404 404 404 404 400 400 404 404",
        ["POST /api/v1/programmes/{id:guid}/participants/{participantId:guid}/acceptance"] = "401 404 404 204 404 404 404 404 404",
        ["POST /api/v1/programmes/{id:guid}/plan"] = "401 404 404 409 404 404 404 404 404",
        ["POST /api/v1/programmes/{id:guid}/sessions"] = "401 404 404 400 404 400 400 404 404",
        ["POST /api/v1/programmes/{id:guid}/sessions/{sessionId:guid}/synthesis/publish"] = "401 404 404 404 404 404 404 404 404",
        ["POST /api/v1/requests"] = "400 400 400 400 400 400 400 400 400",
        ["POST /api/v1/requests/{requestId:guid}/appointments"] = "401 400 400 404 404 400 404 404 404",
        ["POST /api/v1/requests/{requestId:guid}/known-pairs"] = "401 400 404 404 404 400 404 404 404",
        ["POST /api/v1/requests/{requestId:guid}/triage"] = "401 404 404 404 404 400 404 404 404",
        ["POST /api/v1/setup"] = "404 404 404 404 404 404 404 404 404",
        ["POST /api/v1/staff/enrolment"] = "400 400 400 400 400 400 400 400 400",
        ["POST /api/v1/staff/enrolment/confirm"] = "400 400 400 400 400 400 400 400 400",
        ["POST /api/v1/staff/login"] = "400 400 400 400 400 400 400 400 400",
        ["PUT /api/v1/admin/staff/{id:guid}/role"] = "401 404 404 404 404 404 400 404 404",
        ["PUT /api/v1/beneficiary/me/contact"] = "401 400 400 404 404 404 404 404 404",
        ["PUT /api/v1/cases/{requestId:guid}/interviews/{appointmentId:guid}/record"] = "401 404 404 409 404 404 404 404 404",
        ["PUT /api/v1/coordination/requests/{requestId:guid}/framework"] = "401 404 404 404 404 204 404 404 404",
        ["PUT /api/v1/groups/{groupId:guid}/sessions/{sessionId:guid}/attendance"] = "401 404 404 409 404 404 404 404 404",
        ["PUT /api/v1/organisations/{orgId:guid}/agreement"] = "401 404 404 404 404 404 204 404 404",
        ["PUT /api/v1/organisations/{orgId:guid}/units/{unitId:guid}"] = "401 404 404 404 404 404 400 404 404",
        ["PUT /api/v1/practitioners/{userId:guid}/profile"] = "401 404 404 400 404 404 400 404 404",
        ["PUT /api/v1/programmes/{id:guid}/sessions/{sessionId:guid}/attendance"] = "401 404 404 409 404 404 404 404 404",
        ["PUT /api/v1/programmes/{id:guid}/sessions/{sessionId:guid}/synthesis"] = "401 404 404 409 404 404 404 404 404",
        ["PUT /api/v1/staff/me/password"] = "401 404 404 400 400 400 400 400 400",
        ["POST /api/v1/staff/me/security-keys"] = "401 404 404 400 400 400 400 400 400",
        ["POST /api/v1/staff/me/security-keys/options"] = "401 404 404 200 200 200 200 200 200",
        ["POST /api/v1/staff/me/security-keys/{keyId}/remove"] = "401 404 404 400 400 400 400 400 400",
        ["POST /api/v1/staff/me/sessions/others/end"] = "401 404 404 400 400 400 400 400 400",
        ["POST /api/v1/staff/me/sessions/{sessionId:guid}/end"] = "401 404 404 400 400 400 400 400 400",
        ["DELETE /api/v1/admin/invitations/{id:guid}"] = "401 404 404 404 404 404 204 404 404",
        ["DELETE /api/v1/admin/suited-pairs/{id:int}"] = "401 404 404 404 404 404 204 404 404",
        ["DELETE /api/v1/beneficiary/enrolments/{enrolmentId:guid}"] = "401 204 404 404 404 404 404 404 404",
        ["DELETE /api/v1/beneficiary/me/contact"] = "401 204 204 404 404 404 404 404 404",
        ["DELETE /api/v1/groups/{groupId:guid}/sessions/{sessionId:guid}"] = "401 404 404 404 404 204 204 404 404",
        ["DELETE /api/v1/hotline/shifts/{shiftId:guid}"] = "401 404 404 404 404 204 404 404 404",
        ["DELETE /api/v1/organisations/{orgId:guid}/contacts/{staffId:guid}"] = "401 404 404 404 404 404 204 404 404",
        ["DELETE /api/v1/practitioners/me/calendar-feed"] = "401 404 404 204 204 404 404 404 404",
        ["DELETE /api/v1/practitioners/{userId:guid}/availability/{itemId:guid}"] = "401 404 404 204 404 404 404 404 404",
        ["DELETE /api/v1/programmes/{id:guid}/participants/{participantId:guid}"] = "401 404 404 404 404 204 404 404 404",
        ["DELETE /api/v1/programmes/{id:guid}/sessions/{sessionId:guid}"] = "401 404 404 204 404 204 204 404 404",
        ["POST /api/v1/appointments/{appointmentId:guid}/cancel"] = "401 204 404 404 404 204 404 404 404",
        ["POST /api/v1/groups/{groupId:guid}/close"] = "401 404 404 404 404 204 204 404 404",
        ["DELETE /api/v1/beneficiary/me"] = "401 204 204 404 404 404 404 404 404",
        ["PAGE /espace/deconnexion"] = "login login login →/espace →/espace →/espace →/espace →/espace →/espace",
        ["PAGE /mon-espace/deconnexion"] = "space-login space-login space-login space-login space-login space-login space-login space-login space-login",
        ["POST /api/v1/staff/me/sessions/end"] = "401 401 401 204 204 204 204 204 204",
    };

    private sealed record Route(string Key, string Method, string Pattern, bool Page);

    private static List<Route> RoutesOf(TandemApp app) => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e =>
        {
            var pattern = "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var methods = e.Metadata.GetOrderedMetadata<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).Distinct().ToList();
            if (methods.Count == 0)
            {
                var page = e.DisplayName?.StartsWith('/') == true;
                return [new Route((page ? "PAGE " : "ANY ") + pattern, "GET", pattern, page)];
            }

            return methods.Select(m => new Route(m + " " + pattern, m, pattern, false));
        })
        .DistinctBy(r => r.Key)
        .ToList();

    /// <summary>Reads, then writes, then deletions, then what takes the world apart: the interview cancelled, the group closed, the space erased, the sessions ended.</summary>
    private static int Rank(Route route) => route.Key switch
    {
        "DELETE /api/v1/beneficiary/me" or "POST /api/v1/staff/me/sessions/end" or "PAGE /mon-espace/deconnexion" or "PAGE /espace/deconnexion" => 4,
        "POST /api/v1/appointments/{appointmentId:guid}/cancel" or "POST /api/v1/groups/{groupId:guid}/close" => 3,
        _ when route.Method is "DELETE" => 2,
        _ when route.Method is "GET" => 0,
        _ => 1,
    };

    [Fact]
    public async Task EveryEndpoint_ForEveryActor_AnswersAsTheMatrixSays()
    {
        await using var db = await TestDatabase.CreateOrSkipAsync(provider);
        await using var app = new TandemApp(db);
        var routes = RoutesOf(app);
        var missing = routes.Select(r => r.Key).Except(Expected.Keys).ToList();
        var stale = Expected.Keys.Except(routes.Select(r => r.Key)).ToList();

        using var world = await AccessWorld.BuildAsync(app);
        var mismatches = new List<string>();
        var observed = new List<string>();
        foreach (var route in routes.OrderBy(Rank).ThenBy(r => r.Key, StringComparer.Ordinal))
        {
            var path = Parameter().Replace(route.Pattern, m => world.ValueOf(route.Pattern, m.Groups["name"].Value));
            var answers = new List<string>();
            foreach (var actor in world.Actors)
            {
                answers.Add(await CallAsync(actor, route, path));
            }

            var line = string.Join(' ', answers);
            observed.Add($"        [\"{route.Key}\"] = \"{line}\",");
            if (Expected.TryGetValue(route.Key, out var expected) && expected != line)
            {
                mismatches.Add($"{route.Key}\n  expected {expected}\n  observed {line}");
            }
        }

        Assert.True(missing.Count == 0 && stale.Count == 0 && mismatches.Count == 0,
            $"Not in the matrix: {string.Join(", ", missing)}\nNo longer an endpoint: {string.Join(", ", stale)}\n"
            + string.Join('\n', mismatches) + "\n\nObserved:\n" + string.Join('\n', observed));
    }

    private static async Task<string> CallAsync(Actor actor, Route route, string path)
    {
        var uri = new Uri(path, UriKind.Relative);
        using var response = route.Page || route.Method == "GET"
            ? await (route.Page ? actor.Pages.Http : actor.Api).GetAsync(uri, TestContext.Current.CancellationToken)
            : await actor.Api.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), uri)
            {
                Content = route.Method is "POST" or "PUT" ? JsonContent.Create(new { }) : null,
            }, TestContext.Current.CancellationToken);
        var status = (int)response.StatusCode;
        if (status is < 300 or >= 400 || response.Headers.Location is not { } location)
        {
            return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var target = Guid().Replace(location.OriginalString.Replace("http://localhost", string.Empty, StringComparison.Ordinal).Split('?')[0], "{id}");
        return target switch
        {
            "/connexion" => "login",
            "/mon-espace/connexion" => "space-login",
            _ => "→" + target,
        };
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"\{(\*\*)?(?<name>[A-Za-z]+)(:[^}]+)?\}")]
    private static partial Regex Parameter();
}

public sealed class AccessMatrixTestsOnSqlite() : AccessMatrixTests(DatabaseProvider.Sqlite);

public sealed class AccessMatrixTestsOnPostgres() : AccessMatrixTests(DatabaseProvider.Postgres);
