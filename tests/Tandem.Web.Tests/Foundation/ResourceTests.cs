using System.Text.RegularExpressions;
using System.Xml.Linq;
using Tandem.Web.Tests.Support;

namespace Tandem.Web.Tests.Foundation;

/// <summary>Every visible string exists in French and in English.</summary>
public sealed partial class ResourceTests
{
    private static readonly string Root = Repository.Root;

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(Root, "src/Tandem.Web/Resources", file)).Root!.Elements("data")
            .Select(d => (string)d.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void FrenchAndEnglish_HaveTheSameKeys()
    {
        var fr = Keys("SharedResource.resx");
        var en = Keys("SharedResource.en.resx");
        Assert.Empty(fr.Except(en));
        Assert.Empty(en.Except(fr));
    }

    [Fact]
    public void EveryKeyUsedInCode_ExistsInTheResources()
    {
        var fr = Keys("SharedResource.resx");
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/Migrations/", StringComparison.Ordinal));
        var missing = new List<string>();
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in KeyPattern().Matches(text))
            {
                if (!fr.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetFileName(file)}: {m.Groups[1].Value}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Missing resource keys: " + string.Join(", ", missing));
    }

    [GeneratedRegex("(?:[Ll]\\[|= )\"((?:Error|Nav|Layout|Field|Form|Home|Status|Setup|Invitation|SignIn|SignInCode|Enrol|StaffHome|Security|Team|Audit|Request|Space|SpaceSignIn|Erase|Queue|Triage|Emergency|Charter|Contact|Print|Profile|Discipline|Slots|Agenda|Availability|Pairs|Feed|CoordinationAgenda|Mail|Cases|Axis|AxisLevel|OutsideSignpost|Referral|Who5|Danger|Org|Dimension|Line|Indicators|Kit|Groups|Workshop|Programme|Programmes|Billing|Rules)\\.[A-Za-z0-9_.]*[A-Za-z0-9_])\"")]
    private static partial Regex KeyPattern();
}
