using NodaTime;
using Tandem.Core.Common;
using Tandem.Core.Security;
using Tandem.Core.Staff;

namespace Tandem.Core.Tests;

public sealed class StaffRulesTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 22, 10, 0);

    private static StaffUser User() => new() { DisplayName = "A", Role = Roles.Coordinator };

    [Fact]
    public void Throttle_FirstFailures_DoNotBlock()
    {
        var user = User();
        for (var i = 0; i < SignInThrottle.FreeFailures - 1; i++)
        {
            SignInThrottle.RecordFailure(user, Now);
        }

        Assert.False(SignInThrottle.IsBlocked(user, Now));
    }

    [Fact]
    public void Throttle_AfterFreeFailures_DelayDoublesUpToAnHour()
    {
        var user = User();
        var delays = new List<Duration>();
        for (var i = 0; i < SignInThrottle.FreeFailures + 12; i++)
        {
            SignInThrottle.RecordFailure(user, Now);
            if (user.SignInBlockedUntil is { } until)
            {
                delays.Add(until - Now);
            }
        }

        Assert.Equal(Duration.FromSeconds(30), delays[0]);
        Assert.Equal(Duration.FromSeconds(60), delays[1]);
        Assert.Equal(Duration.FromSeconds(120), delays[2]);
        Assert.Equal(Duration.FromHours(1), delays[^1]);
        Assert.True(delays.Zip(delays.Skip(1)).All(p => p.Second >= p.First));
        Assert.True(SignInThrottle.IsBlocked(user, Now + Duration.FromMinutes(59)));
        Assert.False(SignInThrottle.IsBlocked(user, Now + Duration.FromHours(1)));
    }

    [Fact]
    public void Throttle_Success_Resets()
    {
        var user = User();
        for (var i = 0; i < 8; i++)
        {
            SignInThrottle.RecordFailure(user, Now);
        }

        SignInThrottle.RecordSuccess(user);
        Assert.Equal(0, user.FailedSignIns);
        Assert.False(SignInThrottle.IsBlocked(user, Now));
    }

    [Fact]
    public void Totp_CurrentCode_MatchesItsStep_AndNeighboursWithinOneStep()
    {
        var secret = TotpCodes.NewSecret();
        var code = TotpCodes.Compute(secret, Now);
        var step = TotpCodes.MatchTimeStep(secret, code, Now);
        Assert.NotNull(step);
        Assert.Equal(step, TotpCodes.MatchTimeStep(secret, code, Now + Duration.FromSeconds(30)));
        Assert.Null(TotpCodes.MatchTimeStep(secret, code, Now + Duration.FromMinutes(2)));
        Assert.Equal(step, TotpCodes.MatchTimeStep(secret, code[..3] + " " + code[3..], Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("abcdef")]
    [InlineData("1234567")]
    public void Totp_Malformed_NeverMatches(string? code) =>
        Assert.Null(TotpCodes.MatchTimeStep(TotpCodes.NewSecret(), code, Now));

    [Fact]
    public void Totp_ProvisioningUri_NamesIssuerAndAccount()
    {
        var uri = TotpCodes.ProvisioningUri("ABC", "a.b@example.fr");
        Assert.StartsWith("otpauth://totp/Tandem:a.b%40example.fr?secret=ABC&issuer=Tandem", uri, StringComparison.Ordinal);
    }

    [Fact]
    public void TypedCode_HasGroupsWithoutLookAlikes_AndNormalises()
    {
        var code = SecretTokens.NewTypedCode(4);
        Assert.Matches("^[A-HJ-NP-Z2-9]{5}(-[A-HJ-NP-Z2-9]{5}){3}$", code);
        Assert.Equal(code.Replace("-", string.Empty, StringComparison.Ordinal), SecretTokens.NormaliseTypedCode(" " + code.ToLowerInvariant() + " "));
    }

    [Fact]
    public void UrlToken_Is256BitsAndUrlSafe()
    {
        var token = SecretTokens.NewUrlToken();
        Assert.Equal(43, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.NotEqual(token, SecretTokens.NewUrlToken());
    }

    [Theory]
    [InlineData("a@b.fr", true)]
    [InlineData("prenom.nom@entreprise.example.com", true)]
    [InlineData("a@b", false)]
    [InlineData("pas une adresse", false)]
    [InlineData("a b@c.fr", false)]
    [InlineData("Nom <a@b.fr>", false)]
    [InlineData("@b.fr", false)]
    public void IsEmail_RecognisesPlainAddressesOnly(string value, bool expected) =>
        Assert.Equal(expected, StaffAccounts.IsEmail(value));

    [Fact]
    public void ValidatePassword_ShortOrDifferent_NamesTheField()
    {
        Assert.Equal([Messages.PasswordTooShort], StaffAccounts.ValidatePassword("short", null).ToDictionary()["password"]);
        Assert.Equal([Messages.PasswordsDiffer], StaffAccounts.ValidatePassword("la mer est calme ce matin", "la mer est calme ce soir").ToDictionary()["passwordConfirmation"]);
        Assert.False(StaffAccounts.ValidatePassword("la mer est calme ce matin", "la mer est calme ce matin").Any);
    }

    [Theory]
    [InlineData("password1234")]
    [InlineData("azertyuiop12")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaa")]
    [InlineData("Nicolas12345")]
    [InlineData("iloveyou2026")]
    [InlineData("soleil123456")]
    [InlineData("Passw0rd!Passw0rd!")]
    [InlineData("long enough password")]
    public void ValidatePassword_CommonOrMadeOfAPattern_IsRefusedAsCommon(string password) =>
        Assert.Equal([Messages.PasswordCommon], StaffAccounts.ValidatePassword(password, password).ToDictionary()["password"]);

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("une autre phrase de passe, bien plus longue")]
    [InlineData("cheval pomme nuage bleu")]
    [InlineData("k7#pQm2vL9xw")]
    public void ValidatePassword_APassphraseOrARandomOne_IsAccepted(string password) =>
        Assert.False(StaffAccounts.ValidatePassword(password, password, null, "Jeanne Martin", "jeanne.martin@example.fr").Any);

    [Fact]
    public void ValidatePassword_ThePersonsOwnName_IsRefused_EvenInL33t()
    {
        // "Sidonie" and "Brassens" are in no list of zxcvbn's; given as the person's own words, they count for
        // nothing, written plainly (refused as guessable) or in l33t (refused as common). Anyone else may use them.
        Assert.Equal([Messages.PasswordGuessable], StaffAccounts.ValidatePassword("sidonie brassens 1987", null, null, "Sidonie Brassens", "sb@example.fr").ToDictionary()["password"]);
        Assert.Equal([Messages.PasswordCommon], StaffAccounts.ValidatePassword("S1d0n1eBr@ss3ns!", null, null, "Sidonie Brassens", "sb@example.fr").ToDictionary()["password"]);
        Assert.False(StaffAccounts.ValidatePassword("S1d0n1eBr@ss3ns!", null, null, "Jeanne Martin", "jm@example.fr").Any);
    }

    [Fact]
    public void Roles_AreTheFourOfTheProduct()
    {
        Assert.Equal(["administrator", "coordinator", "practitioner", "organisation_contact"], Roles.All);
        Assert.False(Roles.IsKnown("Administrator"));
        Assert.False(Roles.IsKnown(null));
    }
}
