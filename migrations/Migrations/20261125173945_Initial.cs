using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "dreambot");

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guild_id = table.Column<long>(type: "bigint", nullable: false),
                    actor_id = table.Column<long>(type: "bigint", nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    target_user_id = table.Column<long>(type: "bigint", nullable: true),
                    details = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "bans",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guild_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    banned_by = table.Column<long>(type: "bigint", nullable: false),
                    banned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bans", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "blocked_terms",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guild_id = table.Column<long>(type: "bigint", nullable: false),
                    term = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    normalized_term = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    added_by = table.Column<long>(type: "bigint", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blocked_terms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "generations",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    user_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    guild_id = table.Column<long>(type: "bigint", nullable: true),
                    channel_id = table.Column<long>(type: "bigint", nullable: false),
                    channel_nsfw = table.Column<bool>(type: "boolean", nullable: false),
                    interaction_id = table.Column<long>(type: "bigint", nullable: false),
                    interaction_token = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    parent_generation_id = table.Column<long>(type: "bigint", nullable: true),
                    prompt = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    negative_prompt = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    model = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sampler = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    steps = table.Column<int>(type: "integer", nullable: false),
                    guidance = table.Column<float>(type: "real", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    seed = table.Column<long>(type: "bigint", nullable: false),
                    init_image_url = table.Column<string>(type: "text", nullable: true),
                    strength = table.Column<float>(type: "real", nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    queued_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    job_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    cost_units = table.Column<double>(type: "double precision", nullable: false),
                    refunded = table.Column<bool>(type: "boolean", nullable: false),
                    flagged_images = table.Column<int>(type: "integer", nullable: false),
                    result_message_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_generations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "guild_settings",
                schema: "dreambot",
                columns: table => new
                {
                    guild_id = table.Column<long>(type: "bigint", nullable: false),
                    max_width = table.Column<int>(type: "integer", nullable: false),
                    max_height = table.Column<int>(type: "integer", nullable: false),
                    max_steps = table.Column<int>(type: "integer", nullable: false),
                    max_count = table.Column<int>(type: "integer", nullable: false),
                    max_queued_per_user = table.Column<int>(type: "integer", nullable: false),
                    allowed_samplers = table.Column<List<string>>(type: "text[]", nullable: false),
                    safety_policy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    post_previews = table.Column<bool>(type: "boolean", nullable: false),
                    image_grid = table.Column<bool>(type: "boolean", nullable: false),
                    quota_reset = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    guild_daily_units = table.Column<double>(type: "double precision", nullable: true),
                    moderators_unlimited = table.Column<bool>(type: "boolean", nullable: false),
                    moderator_role_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_guild_settings", x => x.guild_id);
                });

            migrationBuilder.CreateTable(
                name: "quota_rules",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guild_id = table.Column<long>(type: "bigint", nullable: false),
                    scope = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    subject_id = table.Column<long>(type: "bigint", nullable: true),
                    daily_units = table.Column<double>(type: "double precision", nullable: true),
                    weekly_units = table.Column<double>(type: "double precision", nullable: true),
                    set_by = table.Column<long>(type: "bigint", nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "user_preferences",
                schema: "dreambot",
                columns: table => new
                {
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    sampler = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    steps = table.Column<int>(type: "integer", nullable: true),
                    width = table.Column<int>(type: "integer", nullable: true),
                    height = table.Column<int>(type: "integer", nullable: true),
                    guidance = table.Column<float>(type: "real", nullable: true),
                    negative_prompt = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    count = table.Column<int>(type: "integer", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_preferences", x => x.user_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_guild_id_at",
                schema: "dreambot",
                table: "audit_log",
                columns: new[] { "guild_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_bans_guild_id_user_id",
                schema: "dreambot",
                table: "bans",
                columns: new[] { "guild_id", "user_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_blocked_terms_guild_id_normalized_term",
                schema: "dreambot",
                table: "blocked_terms",
                columns: new[] { "guild_id", "normalized_term" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_generations_active",
                schema: "dreambot",
                table: "generations",
                columns: new[] { "status", "queued_at" },
                filter: "status IN ('Queued', 'Running')");

            migrationBuilder.CreateIndex(
                name: "ix_generations_guild_id_queued_at",
                schema: "dreambot",
                table: "generations",
                columns: new[] { "guild_id", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_generations_interaction_id",
                schema: "dreambot",
                table: "generations",
                column: "interaction_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_generations_queued_at",
                schema: "dreambot",
                table: "generations",
                column: "queued_at");

            migrationBuilder.CreateIndex(
                name: "ix_generations_started_at",
                schema: "dreambot",
                table: "generations",
                column: "started_at",
                filter: "started_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_generations_user_id_queued_at",
                schema: "dreambot",
                table: "generations",
                columns: new[] { "user_id", "queued_at" });

            migrationBuilder.CreateIndex(
                name: "ix_quota_rules_guild_id_scope_subject_id",
                schema: "dreambot",
                table: "quota_rules",
                columns: new[] { "guild_id", "scope", "subject_id" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "bans",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "blocked_terms",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "generations",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "guild_settings",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "quota_rules",
                schema: "dreambot");

            migrationBuilder.DropTable(
                name: "user_preferences",
                schema: "dreambot");
        }
    }
}
