import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// One variant as it is generated: the picture filling in token by token (or the product-fusion
// image when `showFusion` is on and the variant is done), its copy as it streams in, seed,
// state, progress, and a button that cancels just this variant.
Frame {
    id: root

    required property int index
    required property int number
    required property string seed
    required property string title
    required property int state
    required property string stateLabel
    required property bool active
    required property var image
    required property var fusionImage
    required property double progress
    property bool showFusion: false
    // Shown above the picture when set: who the ad is for, in the shopper grid.
    property string label
    property alias header: headerSlot.data
    property bool selected: false
    property bool selectable: true
    // Names the inner items for tests and the inspector ("variantTitle0", ...), so several grids
    // of cards can be told apart.
    property string itemPrefix: "variant"
    signal cancelRequested()
    signal reuseSeedRequested()
    // A click on the card selects just it; the check box adds it to or removes it from the selection.
    signal clicked()
    signal selectionToggled(bool on)

    readonly property bool done: root.state === VariantsModel.Done
    padding: 8
    background: Rectangle {
        color: palette.base
        radius: 4
        border.width: root.selected ? 2 : 1
        border.color: root.selected ? palette.highlight : palette.mid
    }

    TapHandler { onTapped: root.clicked() }

    CheckBox {
        objectName: "selectVariant" + root.index
        z: 1
        visible: root.selectable
        anchors.right: parent.right
        anchors.top: parent.top
        checked: root.selected
        ToolTip.visible: hovered
        ToolTip.text: qsTr("Select for compare and export")
        onToggled: root.selectionToggled(checked)
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Label {
            objectName: root.itemPrefix + "Label" + root.index
            Layout.fillWidth: true
            visible: root.label !== ""
            text: root.label
            font.bold: true
            font.pixelSize: 14
            elide: Text.ElideRight
        }
        // Extra content under the label (the shopper grid shows the shopper's clicks there).
        RowLayout {
            id: headerSlot
            Layout.fillWidth: true
            visible: children.length > 0
        }

        CutoutImage {
            objectName: root.itemPrefix + "Image" + root.index
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 96
            image: root.showFusion && root.done ? root.fusionImage : root.image
        }

        ProgressBar {
            Layout.fillWidth: true
            visible: root.active
            // While the copy is written there is no image progress to show yet.
            indeterminate: root.state !== VariantsModel.Rendering
            value: root.progress
        }

        Label {
            objectName: root.itemPrefix + "Title" + root.index
            Layout.fillWidth: true
            Layout.preferredHeight: 2.6 * font.pixelSize * 1.3
            text: root.title !== "" ? root.title : (root.active ? qsTr("…") : qsTr("(no copy)"))
            wrapMode: Text.Wrap
            elide: Text.ElideRight
            maximumLineCount: 3
            font.bold: root.done
            color: root.title !== "" ? palette.text : palette.placeholderText
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 6
            Label {
                text: "#" + root.number
                font.bold: true
            }
            Label {
                objectName: root.itemPrefix + "State" + root.index
                Layout.fillWidth: true
                text: root.stateLabel
                color: root.state === VariantsModel.Failed ? "#c92a2a"
                     : root.state === VariantsModel.Cancelled ? "#868e96" : palette.text
                elide: Text.ElideRight
            }
            ToolButton {
                objectName: root.itemPrefix + "Seed" + root.index
                text: qsTr("seed %1").arg(root.seed)
                font.pixelSize: 11
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Use this seed for the next generation")
                onClicked: root.reuseSeedRequested()
            }
            ToolButton {
                objectName: "cancelVariant" + root.index
                visible: root.active
                text: qsTr("Cancel")
                onClicked: root.cancelRequested()
            }
        }
    }
}
