using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StatsCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_generations_guild_id_queued_at",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.DropIndex(
                name: "ix_generations_queued_at",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.CreateIndex(
                name: "ix_generations_guild_id_queued_at",
                schema: "dreambot",
                table: "generations",
                columns: new[] { "guild_id", "queued_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "status", "user_id", "count", "cost_units", "refunded", "started_at", "finished_at", "worker" });

            migrationBuilder.CreateIndex(
                name: "ix_generations_queued_at",
                schema: "dreambot",
                table: "generations",
                column: "queued_at")
                .Annotation("Npgsql:IndexInclude", new[] { "status", "user_id", "count", "cost_units", "refunded", "started_at", "finished_at", "worker" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_generations_guild_id_queued_at",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.DropIndex(
                name: "ix_generations_queued_at",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.CreateIndex(
                name: "ix_generations_guild_id_queued_at",
                schema: "dreambot",
                table: "generations",
                columns: new[] { "guild_id", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_generations_queued_at",
                schema: "dreambot",
                table: "generations",
                column: "queued_at");
        }
    }
}
