namespace Tandem.Web;

/// <summary>Anchor of the shared resource files (<c>Resources/SharedResource*.resx</c>): French is the neutral language.</summary>
public sealed class SharedResource;
