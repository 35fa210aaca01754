import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// The variants of the current generation with what can be done to the selected ones: export
// (PNG with recipe, JPEG + sidecar, PDF contact sheet, all to a folder, copy text) and compare.
// The window owns the file dialogs and the compare view; this page asks for them.
ColumnLayout {
    id: root

    required property GenerationController generation
    required property ExportController exporter
    property bool showFusion: false
    readonly property alias selection: variantsGrid.selection
    signal exportRequested(int row, string suffix)
    signal contactSheetRequested()
    signal exportAllRequested()
    signal compareRequested(var rows)

    function variantDone(row) {
        return root.generation.variants.at(row).state === VariantsModel.Done
    }

    spacing: 0
    // What to do with the selected variants.
    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: 8
        Layout.rightMargin: 8
        visible: root.generation.variants.count > 0
        Label {
            objectName: "selectionLabel"
            Layout.fillWidth: true
            color: "#495057"
            text: variantsGrid.selection.length === 0
                  ? qsTr("Click a variant to select it; tick more to compare or export them together.")
                  : qsTr("%n variant(s) selected", "", variantsGrid.selection.length)
        }
        Button {
            objectName: "exportButton"
            text: qsTr("Export")
            enabled: root.generation.variants.finishedCount > 0
            onClicked: exportMenu.open()
            Menu {
                id: exportMenu
                MenuItem {
                    objectName: "exportPngItem"
                    text: qsTr("PNG with recipe…")
                    enabled: variantsGrid.selection.length === 1 && root.variantDone(variantsGrid.selection[0])
                    onTriggered: root.exportRequested(variantsGrid.selection[0], "png")
                }
                MenuItem {
                    objectName: "exportJpegItem"
                    text: qsTr("JPEG + recipe sidecar…")
                    enabled: variantsGrid.selection.length === 1 && root.variantDone(variantsGrid.selection[0])
                    onTriggered: root.exportRequested(variantsGrid.selection[0], "jpg")
                }
                MenuItem {
                    objectName: "exportPdfItem"
                    text: variantsGrid.selection.length > 0 ? qsTr("Contact sheet of the selected (PDF)…")
                                                             : qsTr("Contact sheet of all (PDF)…")
                    onTriggered: root.contactSheetRequested()
                }
                MenuItem {
                    objectName: "exportAllItem"
                    text: qsTr("Export all to a folder…")
                    onTriggered: root.exportAllRequested()
                }
                MenuSeparator {}
                MenuItem {
                    objectName: "copyTextItem"
                    text: qsTr("Copy text")
                    enabled: variantsGrid.selection.length === 1
                    onTriggered: root.exporter.copyText(variantsGrid.selection[0])
                }
            }
        }
        Button {
            objectName: "compareButton"
            text: variantsGrid.selection.length === 1 ? qsTr("Raw vs fusion") : qsTr("Compare")
            enabled: variantsGrid.selection.length === 2
                     || (variantsGrid.selection.length === 1 && root.variantDone(variantsGrid.selection[0]))
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Two selected variants side by side, as a wipe or a flicker; one selected variant's raw image against its product fusion")
            onClicked: root.compareRequested(variantsGrid.selection)
        }
    }
    VariantsGrid {
        id: variantsGrid
        objectName: "variantsGridView"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.margins: 4
        generation: root.generation
        showFusion: root.showFusion
    }
}
