using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Cases;
using Tandem.Core.Practitioners;
using Tandem.Core.Requests;
using Tandem.Core.Scheduling;
using Tandem.Core.Security.Encryption;

namespace Tandem.Core.Data.Configurations;

// Every case table hangs off the request with a cascade: erasing a space or the retention job
// deleting a request takes its whole case with it, in one statement.
internal sealed class InterviewRecordConfiguration : IEntityTypeConfiguration<InterviewRecord>
{
    public void Configure(EntityTypeBuilder<InterviewRecord> builder)
    {
        builder.ToTable("interview_records");
        builder.HasKey(r => r.AppointmentId);
        builder.Property(r => r.SignpostCategory).HasMaxLength(32);
        builder.HasOne<Appointment>().WithOne().HasForeignKey<InterviewRecord>(r => r.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(r => r.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Themes).WithOne().HasForeignKey(t => t.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Axes).WithOne().HasForeignKey(a => a.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => r.RequestId);
        // The interviews recorded in a period (indicators).
        builder.HasIndex(r => r.RecordedAt);
    }
}

internal sealed class InterviewThemeConfiguration : IEntityTypeConfiguration<InterviewTheme>
{
    public void Configure(EntityTypeBuilder<InterviewTheme> builder)
    {
        builder.ToTable("interview_themes");
        builder.HasKey(t => new { t.AppointmentId, t.Code });
        builder.Property(t => t.Code).HasMaxLength(32);
    }
}

internal sealed class InterviewAxisConfiguration : IEntityTypeConfiguration<InterviewAxis>
{
    public void Configure(EntityTypeBuilder<InterviewAxis> builder)
    {
        builder.ToTable("interview_axes");
        builder.HasKey(a => new { a.AppointmentId, a.Axis });
        builder.Property(a => a.Axis).HasMaxLength(32);
    }
}

internal sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> builder)
    {
        builder.ToTable("case_notes");
        builder.Property(n => n.Text).HasConversion<SealedTextConverter>();
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(n => n.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.RequestId, n.CreatedAt });
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.ToTable("referrals");
        builder.Property(r => r.ToDiscipline).HasMaxLength(32);
        builder.Property(r => r.HandOver).HasConversion<SealedTextConverter>();
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(r => r.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PractitionerProfile>().WithMany().HasForeignKey(r => r.ToPractitionerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.RequestId);
        builder.HasIndex(r => new { r.ToPractitionerId, r.State });
    }
}

internal sealed class Who5ResponseConfiguration : IEntityTypeConfiguration<Who5Response>
{
    public void Configure(EntityTypeBuilder<Who5Response> builder)
    {
        builder.ToTable("who5_responses");
        builder.Ignore(r => r.Percentage);
        builder.HasOne<SupportRequest>().WithMany().HasForeignKey(r => r.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.RequestId, r.Moment }).IsUnique();
        // The answers of a moment in a period (indicators).
        builder.HasIndex(r => new { r.Moment, r.AnsweredAt });
    }
}
