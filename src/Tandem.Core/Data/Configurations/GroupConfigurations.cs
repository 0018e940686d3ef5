using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Groups;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;

namespace Tandem.Core.Data.Configurations;

internal sealed class GroupActivityConfiguration : IEntityTypeConfiguration<GroupActivity>
{
    public void Configure(EntityTypeBuilder<GroupActivity> builder)
    {
        // The database, not the code, keeps a roster within its capacity: a conditional increment
        // that a concurrent writer overtook fails this check instead of overfilling the group.
        builder.ToTable("group_activities", t => t.HasCheckConstraint("ck_group_activities_capacity", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\""));
        builder.Property(a => a.Title).HasMaxLength(GroupActivities.MaxTitleLength);
        builder.Property(a => a.Theme).HasMaxLength(32);
        builder.Property(a => a.Description).HasMaxLength(GroupActivities.MaxDescriptionLength);
        builder.Property(a => a.Place).HasMaxLength(GroupActivities.MaxPlaceLength);
        builder.Property(a => a.Access).HasMaxLength(GroupActivities.MaxPlaceLength);
        builder.Property(a => a.VideoRoom).HasMaxLength(64);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(a => a.FirstFacilitatorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(a => a.SecondFacilitatorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Sessions).WithOne().HasForeignKey(s => s.ActivityId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GroupSessionConfiguration : IEntityTypeConfiguration<GroupSession>
{
    public void Configure(EntityTypeBuilder<GroupSession> builder)
    {
        builder.ToTable("group_sessions", t => t.HasCheckConstraint("ck_group_sessions_capacity", "\"Taken\" >= 0 AND \"Taken\" <= \"Capacity\""));
        builder.HasIndex(s => new { s.ActivityId, s.Start });
    }
}

internal sealed class GroupEnrolmentConfiguration : IEntityTypeConfiguration<GroupEnrolment>
{
    public void Configure(EntityTypeBuilder<GroupEnrolment> builder)
    {
        builder.ToTable("group_enrolments");
        builder.Property(e => e.Pseudonym).HasConversion<SealedTextConverter>();
        builder.HasOne<GroupActivity>().WithMany().HasForeignKey(e => e.ActivityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GroupSession>().WithMany().HasForeignKey(e => e.SessionId).OnDelete(DeleteBehavior.Cascade);

        // Erasing a space removes its places with it (after they were given back, see GroupEnrolments.ReleaseSpaceAsync).
        builder.HasOne<BeneficiarySpace>().WithMany().HasForeignKey(e => e.SpaceId).OnDelete(DeleteBehavior.Cascade);

        // One place (or one place in the queue) per person and roster.
        builder.HasIndex(e => new { e.RosterId, e.SpaceId }).IsUnique().HasFilter("\"State\" <> 3");
        builder.HasIndex(e => new { e.RosterId, e.State, e.CreatedAt });
        builder.HasIndex(e => e.SpaceId);
    }
}

internal sealed class GroupAttendanceConfiguration : IEntityTypeConfiguration<GroupAttendance>
{
    public void Configure(EntityTypeBuilder<GroupAttendance> builder)
    {
        builder.ToTable("group_attendances");
        builder.HasKey(a => new { a.SessionId, a.EnrolmentId });
        builder.HasOne<GroupSession>().WithMany().HasForeignKey(a => a.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GroupEnrolment>().WithMany().HasForeignKey(a => a.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
