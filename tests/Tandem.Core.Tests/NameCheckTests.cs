using FsCheck;
using FsCheck.Fluent;
using Tandem.Core.Programmes;

namespace Tandem.Core.Tests;

public sealed class NameCheckTests
{
    private static readonly string[] Names = ["Hélène Dupont-Moreau", "Karim Benali", "Lu Xi"];

    [Theory]
    [InlineData("Helene a décrit la nuit.", "helene")]
    [InlineData("Avec HÉLÈNE et d'autres.", "helene")]
    [InlineData("Un point avec Moreau sur les transmissions.", "moreau")]
    [InlineData("L'équipe de M. Benali, le soir.", "benali")]
    public void FindsEveryPartOfAName_WhateverTheCaseAndTheAccents(string text, string word)
    {
        var match = Assert.Single(NameCheck.Find(text, Names));
        Assert.Equal(word, match.Word);
    }

    [Theory]
    [InlineData("Les dupontistes ne sont pas un nom.")]
    [InlineData("Karima et Benalis ne sont pas les participants.")]
    [InlineData("Lu et approuvé ; xi n'est pas vérifié car trop court.")]
    [InlineData("")]
    public void IgnoresOtherWords_AndPartsShorterThanThreeLetters(string text) => Assert.Empty(NameCheck.Find(text, Names));

    [Fact]
    public void ReportsEachParticipantFound()
    {
        var matches = NameCheck.Find("Karim et Hélène ont proposé ; Dupont a validé.", Names);
        Assert.Equal([("Hélène Dupont-Moreau", "dupont"), ("Hélène Dupont-Moreau", "helene"), ("Karim Benali", "karim")],
            matches.Select(m => (m.Participant, m.Word)).OrderBy(m => m.Participant, StringComparer.Ordinal).ThenBy(m => m.Word, StringComparer.Ordinal).ToArray());
    }

    [FsCheck.Xunit.Property]
    public Property AName_PutAnywhereInAText_IsAlwaysFound()
    {
        var words = Gen.Elements("le", "soir", "équipe", "résident", "transmission", "nuit", "reprise", "décision");
        var texts = Gen.ListOf(words).Select(w => w.ToArray());
        return Prop.ForAll(Arb.From(texts), Arb.From(Gen.Choose(0, 100)), (text, at) =>
        {
            var position = text.Length == 0 ? 0 : at % (text.Length + 1);
            var sentence = string.Join(' ', text.Take(position).Append("BENALI,").Concat(text.Skip(position)));
            return NameCheck.Find(sentence, Names).Any(m => m.Participant == "Karim Benali");
        });
    }
}
