namespace Tandem.Core.Organisations;

/// <summary>
/// A client organisation. People name it by its code on the request form (from the poster
/// or flyer), and may then pick a department and a job family from its coarse lists.
/// </summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    /// <summary>The code printed on posters and flyers; compared case-insensitively, stored upper-case.</summary>
    public required string Code { get; set; }

    public List<OrganisationUnit> Units { get; set; } = [];
}

public enum UnitKind
{
    Department = 1,
    JobFamily = 2,
}

/// <summary>A department or a job family of an organisation: coarse on purpose, so no one is alone in one.</summary>
public sealed class OrganisationUnit
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public UnitKind Kind { get; set; }

    public required string Name { get; set; }

    public int Position { get; set; }
}
