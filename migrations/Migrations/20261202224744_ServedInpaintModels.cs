using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ServedInpaintModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "supports_inpainting",
                schema: "dreambot",
                table: "served_models",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "mask_url",
                schema: "dreambot",
                table: "generations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "placement",
                schema: "dreambot",
                table: "generations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "supports_inpainting",
                schema: "dreambot",
                table: "served_models");

            migrationBuilder.DropColumn(
                name: "mask_url",
                schema: "dreambot",
                table: "generations");

            migrationBuilder.DropColumn(
                name: "placement",
                schema: "dreambot",
                table: "generations");
        }
    }
}
