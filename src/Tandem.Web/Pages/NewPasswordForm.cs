namespace Tandem.Web.Pages;

/// <summary>A page that asks for a new password twice (set-up, invitation, new-password link, security page).</summary>
public interface INewPasswordForm
{
    string? Password { get; }

    string? PasswordConfirmation { get; }
}
