using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Tandem.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StaffSecurityNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "StaffUserId",
                table: "outbox_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_StaffUserId",
                table: "outbox_messages",
                column: "StaffUserId");

            migrationBuilder.AddForeignKey(
                name: "FK_outbox_messages_AspNetUsers_StaffUserId",
                table: "outbox_messages",
                column: "StaffUserId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_outbox_messages_AspNetUsers_StaffUserId",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "IX_outbox_messages_StaffUserId",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "StaffUserId",
                table: "outbox_messages");
        }
    }
}
