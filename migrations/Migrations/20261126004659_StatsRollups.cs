using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class StatsRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stats_guild_hours",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guild_id = table.Column<long>(type: "bigint", nullable: false),
                    hour = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    succeeded = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    images = table.Column<long>(type: "bigint", nullable: false),
                    wait_histogram = table.Column<byte[]>(type: "bytea", nullable: false),
                    render_histogram = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_guild_hours", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stats_hours",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hour = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    succeeded = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    images = table.Column<long>(type: "bigint", nullable: false),
                    wait_histogram = table.Column<byte[]>(type: "bytea", nullable: false),
                    render_histogram = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_hours", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stats_rollup_state",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    hours_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    hours_settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    users_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    users_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    users_settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_rollup_state", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stats_user_windows",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guild_id = table.Column<long>(type: "bigint", nullable: true),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    last_queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_succeeded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    units = table.Column<double>(type: "double precision", nullable: false),
                    images = table.Column<long>(type: "bigint", nullable: false),
                    succeeded_units = table.Column<double>(type: "double precision", nullable: false),
                    succeeded_images = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stats_user_windows", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_generations_finished_at",
                schema: "dreambot",
                table: "generations",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_stats_guild_hours_guild_id_hour",
                schema: "dreambot",
                table: "stats_guild_hours",
                columns: new[] { "guild_id", "hour" });

            migrationBuilder.CreateIndex(
                name: "ix_stats_guild_hours_hour_guild_id_worker",
                schema: "dreambot",
                table: "stats_guild_hours",
                columns: new[] { "hour", "guild_id", "worker" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_stats_hours_hour_worker",
                schema: "dreambot",
                table: "stats_hours",
                columns: new[] { "hour", "worker" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "ix_stats_user_windows_guild_id_user_id",
                schema: "dreambot",
                table: "stats_user_windows",
                columns: new[] { "guild_id", "user_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "stats_guild_hours",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "stats_hours",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "stats_rollup_state",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "stats_user_windows",
                schema: "dreambot");

            migrationBuilder.DropIndex(
                name: "ix_generations_finished_at",
                schema: "dreambot",
                table: "generations");
        }
    }
}
