using System.Net;
using Tandem.Core.Security;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Requests;

public abstract class RequestPagesTests(AppFixture fixture) : AppTests(fixture)
{
    private static Dictionary<string, string?> Form(params (string Key, string? Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    private static async Task<HttpResponseMessage> PostFormWithListAsync(PageClient client, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var values = fields.ToList();
        values.Add(new("__af", PageClient.AntiforgeryToken(client.LastHtml)!));
        return await client.Http.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(values));
    }

    [Fact]
    public async Task Form_WithBadInput_ShowsFrenchMessagesAndKeepsWhatWasTyped()
    {
        using var client = App.CreatePageClient();
        await client.GetAsync("/demande?urgence=non");
        var response = await PostFormWithListAsync(client, "/demande?handler=Prepare&urgence=non",
        [
            new("Crisis", "false"), new("Collective", "true"), new("Participants", "-2"), new("OrganisationCode", "INCONNU"),
            new("Message", "Ce que j'ai écrit reste là."),
        ]);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Choisissez au moins un thème.", html, StringComparison.Ordinal);
        Assert.Contains("Choisissez une modalité", html, StringComparison.Ordinal);
        Assert.Contains("indiquez un nombre de 2 à 30", html, StringComparison.Ordinal);
        Assert.Contains("organisation est inconnu", html, StringComparison.Ordinal);
        Assert.Contains("Ce que j&#x27;ai écrit reste là.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crisis_Yes_ShowsEmergencyNumbersBeforeTheForm()
    {
        using var client = App.CreatePageClient();
        await client.GetAsync("/demande?urgence=oui");
        var numbers = client.LastHtml.IndexOf("3114", StringComparison.Ordinal);
        var form = client.LastHtml.IndexOf("handler=Prepare", StringComparison.Ordinal);
        Assert.True(numbers > 0 && numbers < form, "emergency numbers must come before the form");
        foreach (var n in new[] { "3114", "15", "112", "17", "3919" })
        {
            Assert.Contains($"href=\"tel:{n}\"", client.LastHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Code_MustBeConfirmedBeforeAnythingIsSaved_ThenOpensTheSpace()
    {
        using var client = App.CreatePageClient();
        await client.GetAsync("/demande?urgence=non");
        var prepared = await PostFormWithListAsync(client, "/demande?handler=Prepare&urgence=non",
            [new("Crisis", "false"), new("Themes", "stress"), new("Themes", "burnout"), new("Collective", "false"), new("Modality", "video"), new("Pseudonym", "Héron")]);
        var html = await prepared.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var code = RequestForm.Code(html);
        Assert.NotEmpty(code);
        var draft = RequestForm.Draft(html);

        // Nothing is saved before the person confirms.
        await using (var scope = App.Scope())
        {
            var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Tandem.Core.Data.TandemDbContext>(scope.ServiceProvider);
            Assert.Empty(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                System.Linq.Queryable.Where(db.BeneficiarySpaces, s => s.CodeLookup == code.Substring(0, 5)), TestContext.Current.CancellationToken));
        }

        var token = PageClient.AntiforgeryToken(html)!;
        var wrong = await client.Http.PostAsync(new Uri("/demande?handler=Confirm", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Draft"] = draft, ["CodeConfirmation"] = "ZZZZZ", ["__af"] = token }), TestContext.Current.CancellationToken);
        Assert.Contains("Ce n&#x27;est pas le dernier groupe du code", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        var right = await client.Http.PostAsync(new Uri("/demande?handler=Confirm", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Draft"] = draft, ["CodeConfirmation"] = code[^5..], ["__af"] = token }), TestContext.Current.CancellationToken);
        Assert.Contains("Votre demande est envoyée", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await client.GetAsync("/mon-espace/connexion");
        var signIn = await client.PostFormAsync("/mon-espace/connexion", Form(("AccessCode", code)));
        Assert.Equal("/mon-espace", signIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/mon-espace")).StatusCode);
        Assert.Contains("Pseudonyme : Héron", client.LastHtml, StringComparison.Ordinal);
        Assert.Contains("no-store", (await client.GetAsync("/mon-espace")).Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpacePages_WithoutCode_RedirectToTheCodePage_AndStaffCookieDoesNotOpenThem()
    {
        using var anonymous = App.CreatePageClient();
        var response = await anonymous.GetAsync("/mon-espace");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/mon-espace/connexion", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString, StringComparison.Ordinal);

        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var staff = await App.PagesAsAsync(coordinator);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.GetAsync("/mon-espace")).StatusCode);
    }

    [Fact]
    public async Task CoordinationPages_AsOtherRoles_AnswerNotFound_AndAsCoordinatorShowTheQueue()
    {
        var created = await App.CreateRequestAsync();
        foreach (var role in new[] { Roles.Practitioner, Roles.OrganisationContact, Roles.Administrator })
        {
            var other = await App.CreateStaffAsync(role);
            using var pages = await App.PagesAsAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync("/coordination")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await pages.GetAsync($"/coordination/demandes/{created.RequestId}")).StatusCode);
        }

        var coordinator = await App.CreateStaffAsync(Roles.Coordinator);
        using var coordination = await App.PagesAsAsync(coordinator);
        Assert.Equal(HttpStatusCode.OK, (await coordination.GetAsync("/coordination")).StatusCode);
        Assert.Contains($"/coordination/demandes/{created.RequestId}", coordination.LastHtml, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await coordination.GetAsync($"/coordination/demandes/{created.RequestId}")).StatusCode);
        Assert.Contains("Mon chef me crie dessus tous les jours.", coordination.LastHtml, StringComparison.Ordinal);
        var decline = await coordination.PostFormAsync($"/coordination/demandes/{created.RequestId}?handler=Decide", Form(("Outcome", "declined"), ("Reason", "")));
        Assert.Equal(HttpStatusCode.OK, decline.StatusCode);
        Assert.Contains("Indiquez le motif que la personne lira.", coordination.LastHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SpacePages_EachOfferTheSignOut()
    {
        var created = await App.CreateRequestAsync();
        using var client = App.CreatePageClient();
        await client.GetAsync("/mon-espace/connexion");
        await client.FollowAsync(await client.PostFormAsync("/mon-espace/connexion", new Dictionary<string, string?> { ["AccessCode"] = created.AccessCode }));
        foreach (var path in new[] { "/mon-espace", "/mon-espace/groupes", "/mon-espace/effacer", "/mon-espace/imprimer" })
        {
            await client.GetAsync(path);
            Assert.Contains("action=\"/mon-espace/deconnexion\"", client.LastHtml, StringComparison.Ordinal);
        }
    }
}

public sealed class RequestPagesTestsOnSqlite(SqliteFixture fixture) : RequestPagesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class RequestPagesTestsOnPostgres(PostgresFixture fixture) : RequestPagesTests(fixture), IClassFixture<PostgresFixture>;
