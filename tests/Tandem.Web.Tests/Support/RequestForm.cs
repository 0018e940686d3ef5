using System.Text.RegularExpressions;

namespace Tandem.Web.Tests.Support;

/// <summary>What tests read from the request form's confirmation step: the access code shown and the sealed draft.</summary>
public static partial class RequestForm
{
    public static string Code(string html) => CodePattern().Match(html).Groups[1].Value;

    /// <summary>The draft as it goes back in a form (HTML-decoded); empty when the page holds none.</summary>
    public static string Draft(string html) => System.Net.WebUtility.HtmlDecode(DraftPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("data-testid=\"access-code\">([A-Z2-9-]+)<")]
    private static partial Regex CodePattern();

    [GeneratedRegex("name=\"Draft\" value=\"([^\"]+)\"")]
    private static partial Regex DraftPattern();
}
