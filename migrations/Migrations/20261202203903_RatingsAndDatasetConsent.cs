using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class RatingsAndDatasetConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dataset_opted_out_at",
                schema: "dreambot",
                table: "user_preferences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "dataset_licence",
                schema: "dreambot",
                table: "guild_settings",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "cc0");

            migrationBuilder.AddColumn<bool>(
                name: "dataset_opt_in",
                schema: "dreambot",
                table: "guild_settings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deleted_at",
                schema: "dreambot",
                table: "generations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ratings",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    generation_id = table.Column<long>(type: "bigint", nullable: false),
                    image_seed = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    guild_id = table.Column<long>(type: "bigint", nullable: true),
                    score = table.Column<int>(type: "integer", nullable: false),
                    rated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    own = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ratings", x => x.id);
                    table.CheckConstraint("ck_ratings_score", "score BETWEEN 1 AND 10");
                    table.ForeignKey(
                        name: "fk_ratings_generations_generation_id",
                        column: x => x.generation_id,
                        principalSchema: "dreambot",
                        principalTable: "generations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ratings_generation_id_image_seed_user_id",
                schema: "dreambot",
                table: "ratings",
                columns: new[] { "generation_id", "image_seed", "user_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ratings",
                schema: "dreambot");

            migrationBuilder.DropColumn(
                name: "dataset_opted_out_at",
                schema: "dreambot",
                table: "user_preferences");

            migrationBuilder.DropColumn(
                name: "dataset_licence",
                schema: "dreambot",
                table: "guild_settings");

            migrationBuilder.DropColumn(
                name: "dataset_opt_in",
                schema: "dreambot",
                table: "guild_settings");

            migrationBuilder.DropColumn(
                name: "deleted_at",
                schema: "dreambot",
                table: "generations");
        }
    }
}
