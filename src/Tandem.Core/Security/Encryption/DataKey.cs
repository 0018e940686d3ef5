using NodaTime;

namespace Tandem.Core.Security.Encryption;

/// <summary>
/// A per-request data key (AES-256), stored only wrapped by a master key. Deleting the
/// row makes everything sealed under it unreadable, backups included.
/// </summary>
public sealed class DataKey
{
    public Guid Id { get; set; }

    public required byte[] Wrapped { get; set; }

    public required string MasterKeyId { get; set; }

    public Instant CreatedAt { get; set; }
}
