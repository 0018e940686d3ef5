using System.Globalization;
using System.Text;

namespace Tandem.Core.Programmes;

/// <summary>A word of a synthesis that is also part of a participant's name.</summary>
public sealed record NameMatch(string Participant, string Word);

/// <summary>
/// Looks for the participants' names in a text meant to be anonymous: every part of a name of
/// three letters or more, as a whole word, whatever the case and the accents ("Hélène" matches
/// "helene"). It warns; the facilitator decides.
/// </summary>
public static class NameCheck
{
    public const int ShortestPart = 3;

    public static IReadOnlyList<NameMatch> Find(string? text, IEnumerable<string> names)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = Words(text).ToHashSet(StringComparer.Ordinal);
        var matches = new List<NameMatch>();
        foreach (var name in names)
        {
            foreach (var part in Words(name).Where(p => p.Length >= ShortestPart).Distinct(StringComparer.Ordinal))
            {
                if (words.Contains(part))
                {
                    matches.Add(new NameMatch(name, part));
                }
            }
        }

        return matches;
    }

    /// <summary>The words of a text, lower-case and without accents; hyphens and apostrophes separate words.</summary>
    public static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (word.Length > 0)
            {
                yield return word.ToString();
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return word.ToString();
        }
    }
}
