using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tandem.Core.Mail;
using Tandem.Core.Scheduling;

namespace Tandem.Core.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");

        // Erasing a space deletes its requests, their appointments, and with them their messages.
        builder.HasOne<Appointment>().WithMany().HasForeignKey(m => m.AppointmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Groups.GroupEnrolment>().WithMany().HasForeignKey(m => m.EnrolmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Groups.GroupSession>().WithMany().HasForeignKey(m => m.GroupSessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(m => m.StaffUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.State, m.DueAt });
    }
}
