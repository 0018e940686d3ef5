using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

/// <summary>Every page and endpoint declares who may reach it: a named policy, or an explicit AllowAnonymous.</summary>
public sealed class EndpointAuthorizationTests(SqliteFixture fixture) : AppTests(fixture), IClassFixture<SqliteFixture>
{
    [Fact]
    public void EveryEndpoint_DeclaresAPolicyOrAllowAnonymous()
    {
        var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy))
                && !e.Metadata.GetOrderedMetadata<AuthorizationPolicy>().Any())
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.True(undeclared.Count == 0, "Endpoints without a policy: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void AnonymousEndpoints_AreExactlyThePublicOnes()
    {
        var anonymous = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'))
            .ToHashSet();

        var allowed = new[]
        {
            "/", "/healthz", "/openapi/{documentName}.json", "/langue", "/statut/{code:int}", "/installation/{token}", "/invitation/{token}",
            "/connexion", "/connexion/code", "/connexion/activation",
            "/api/v1/staff/login", "/api/v1/staff/enrolment", "/api/v1/staff/enrolment/confirm", "/api/v1/setup", "/api/v1/invitations/{token}/accept", "/{**path}",
            "/nouveau-mot-de-passe/{token}", "/api/v1/password-resets/{token}",
            "/demande", "/mon-espace/connexion", "/charte", "/calendrier/{token}.ics", "/api/v1/practitioners/", "/api/v1/requests", "/api/v1/beneficiary/login",

            // A team programme participant's personal link to the group's rules (a 256-bit token opens that and nothing else).
            "/regles/{token}", "/api/v1/programme-rules/{token}", "/api/v1/programme-rules/{token}/accept",
        };
        var unexpected = anonymous.Except(allowed).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected anonymous endpoints: " + string.Join(", ", unexpected));
    }
}
