using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ImageArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "archived_images",
                schema: "dreambot",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    generation_id = table.Column<long>(type: "bigint", nullable: false),
                    image_index = table.Column<int>(type: "integer", nullable: false),
                    seed = table.Column<long>(type: "bigint", nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false),
                    flagged = table.Column<bool>(type: "boolean", nullable: true),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dataset_removed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_archived_images", x => x.id);
                    table.ForeignKey(
                        name: "fk_archived_images_generations_generation_id",
                        column: x => x.generation_id,
                        principalSchema: "dreambot",
                        principalTable: "generations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_generations_deleted_at",
                schema: "dreambot",
                table: "generations",
                column: "deleted_at",
                filter: "deleted_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_archived_images_archived_at",
                schema: "dreambot",
                table: "archived_images",
                column: "archived_at");

            migrationBuilder.CreateIndex(
                name: "ix_archived_images_generation_id_image_index",
                schema: "dreambot",
                table: "archived_images",
                columns: new[] { "generation_id", "image_index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_archived_images_sha256",
                schema: "dreambot",
                table: "archived_images",
                column: "sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "archived_images",
                schema: "dreambot");

            migrationBuilder.DropIndex(
                name: "ix_generations_deleted_at",
                schema: "dreambot",
                table: "generations");
        }
    }
}
