namespace Tandem.Core.Security;

/// <summary>The staff roles. Codes are stable: they are stored, sent by the API and written in demo-accounts.json.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string Coordinator = "coordinator";
    public const string Practitioner = "practitioner";
    public const string OrganisationContact = "organisation_contact";

    public static readonly IReadOnlyList<string> All = [Administrator, Coordinator, Practitioner, OrganisationContact];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
