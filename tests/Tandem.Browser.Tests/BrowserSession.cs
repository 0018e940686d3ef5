using System.Text.Json;
using Microsoft.Playwright;

namespace Tandem.Browser.Tests;

/// <summary>Debian's Chromium driven by Playwright, with axe-core injected in every page it opens.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly string _axeSource;

    private BrowserSession(IPlaywright playwright, IBrowser browser, string axeSource)
    {
        _playwright = playwright;
        Browser = browser;
        _axeSource = axeSource;
    }

    public IBrowser Browser { get; }

    public static string Root { get; } = FindRoot();

    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("TANDEM_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task<BrowserSession> StartAsync()
    {
        var axePath = Path.Combine(Root, "tests/Tandem.Browser.Tests/node_modules/axe-core/axe.min.js");
        if (!File.Exists(axePath))
        {
            throw new InvalidOperationException($"{axePath} is missing: run npm ci in tests/Tandem.Browser.Tests (./test.sh does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return new BrowserSession(playwright, browser, await File.ReadAllTextAsync(axePath));
    }

    /// <summary>A fresh context (its own cookies); phone-sized when asked.</summary>
    public async Task<IPage> NewPageAsync(Uri baseUrl, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "en-GB",
        });

        // Injected through the DevTools protocol, so the page's strict CSP (no inline script) stays on.
        await context.AddInitScriptAsync(_axeSource);
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs a staff member in with password and TOTP, as they would.</summary>
    public static async Task SignInAsync(IPage page, Tandem.Web.Tests.Support.TandemApp app, Tandem.Web.Tests.Support.TestStaff staff)
    {
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(staff.Email);
        await page.GetByLabel("Mot de passe").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continuer" }).ClickAsync();
        await page.GetByLabel("Code à 6 chiffres").FillAsync(Tandem.Core.Staff.TotpCodes.Compute(staff.TotpSecret, app.Clock.GetCurrentInstant()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await WaitForAddressAsync(page, new System.Text.RegularExpressions.Regex("/espace$"), "staff-sign-in");
    }

    /// <summary>Opens a person's space with their access code.</summary>
    public static async Task OpenSpaceAsync(IPage page, string code)
    {
        await page.GotoAsync("/mon-espace/connexion");
        await page.GetByLabel("Code d'accès").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ouvrir", Exact = true }).ClickAsync();
        await WaitForAddressAsync(page, new System.Text.RegularExpressions.Regex("/mon-espace$"), "space-sign-in");
    }

    /// <summary>Waits for the page to reach an address; if it does not, says where it is and what it shows, with a screenshot.</summary>
    public static async Task WaitForAddressAsync(IPage page, System.Text.RegularExpressions.Regex address, string name)
    {
        try
        {
            // The address, then the page's main landmark, both by polling. Playwright's own waits (WaitForURL,
            // WaitForLoadState) look at the state once and then listen for the next event; when the navigation
            // lands between the look and the listening, they wait for an event that already passed. CI saw it
            // twice after the contact's sign-in ("expected /espace$ but the page is …/espace").
            await Assertions.Expect(page).ToHaveURLAsync(address, new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
            await Assertions.Expect(page.Locator("main")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"failed-{name}.png"), FullPage = true });
            var text = await page.Locator("main").InnerTextAsync(new LocatorInnerTextOptions { Timeout = 5_000 });
            throw new TimeoutException($"Expected {address} but the page is {page.Url}, showing: {text[..Math.Min(text.Length, 400)]}");
        }
    }

    /// <summary>Runs axe-core on the page as it is and fails with the rules and elements it finds wrong.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
        var violations = await page.EvaluateAsync<JsonElement>(
            "async () => { const r = await axe.run(document, { resultTypes: ['violations'] }); " +
            "return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }");
        var list = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(list.Count == 0, $"axe-core on {name} ({page.Url}): " + string.Join(" | ", list));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tandem.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Tandem.slnx not found above the test binaries.");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
