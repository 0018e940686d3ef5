namespace Tandem.Core.Common;

/// <summary>Resource keys of validation and outcome messages shared by several features.</summary>
public static class Messages
{
    public const string Required = "Error.Required";
    public const string TooLong = "Error.TooLong";
    public const string InvalidEmail = "Error.InvalidEmail";
    public const string PasswordTooShort = "Error.PasswordTooShort";
    public const string PasswordsDiffer = "Error.PasswordsDiffer";
    public const string PasswordGuessable = "Error.PasswordGuessable";
    public const string PasswordCommon = "Error.PasswordCommon";
    public const string CurrentPasswordWrong = "Error.CurrentPasswordWrong";
    public const string EmailTaken = "Error.EmailTaken";
    public const string UnknownRole = "Error.UnknownRole";
    public const string LinkInvalid = "Error.LinkInvalid";
    public const string SignInFailed = "Error.SignInFailed";
    public const string SignInThrottled = "Error.SignInThrottled";
    public const string CodeInvalid = "Error.CodeInvalid";
    public const string LastAdministrator = "Error.LastAdministrator";
    public const string NotFound = "Error.NotFound";
    public const string CannotChangeSelf = "Error.CannotChangeSelf";
    public const string SecondFactorNotEnrolled = "Error.SecondFactorNotEnrolled";
    public const string SecondFactorAlreadyEnrolled = "Error.SecondFactorAlreadyEnrolled";
    public const string SecurityKeyRefused = "Error.SecurityKeyRefused";
    public const string SecurityKeyNeedsScript = "Error.SecurityKeyNeedsScript";
    public const string SecurityKeyToChoose = "Error.SecurityKeyToChoose";
}
