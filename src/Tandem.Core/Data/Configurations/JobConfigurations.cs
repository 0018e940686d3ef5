using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Tandem.Core.Data.Configurations;

internal sealed class ScheduledJobConfiguration : IEntityTypeConfiguration<Common.ScheduledJob>
{
    public void Configure(EntityTypeBuilder<Common.ScheduledJob> builder)
    {
        builder.ToTable("scheduled_jobs");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(64);
    }
}
