import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// The variants of the current generation side by side, as many columns as fit two to four
// cards; each card streams its copy and picture and can be cancelled on its own.
Item {
    id: root

    required property GenerationController generation
    property bool showFusion: false
    // Rows the designer selected, in the order selected (compare takes the first two).
    property var selection: []
    signal compareRequested(var rows)

    function toggle(row, on) {
        const rest = root.selection.filter((r) => r !== row)
        root.selection = on ? rest.concat([row]) : rest
    }
    Connections {
        target: root.generation.variants
        // A new generation (or a reopened one) lists other variants.
        function onModelReset() { root.selection = [] }
    }

    readonly property int columns: {
        const n = root.generation.variants.count
        return n <= 3 ? Math.max(n, 1) : n === 4 ? 2 : 4
    }
    readonly property int rows: Math.max(1, Math.ceil(root.generation.variants.count / root.columns))

    Label {
        anchors.centerIn: parent
        width: parent.width * 0.7
        visible: root.generation.variants.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: palette.placeholderText
        text: qsTr("Variants appear here. Load a product, add its selling points, pick a shopper and press Generate (Ctrl+Enter).")
    }

    GridView {
        id: grid
        objectName: "variantsGrid"
        anchors.fill: parent
        clip: true
        model: root.generation.variants
        cellWidth: Math.floor(width / root.columns)
        // Fill the height when the cards fit; otherwise scroll with cards no flatter than square-ish.
        cellHeight: Math.max(Math.floor(height / root.rows), Math.min(cellWidth * 1.25, 360))
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: Item {
            id: cell
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
            width: grid.cellWidth
            height: grid.cellHeight

            VariantCard {
                objectName: "variantCard" + cell.index
                anchors.fill: parent
                anchors.margins: 4
                index: cell.index
                number: cell.number
                seed: cell.seed
                title: cell.title
                state: cell.state
                stateLabel: cell.stateLabel
                active: cell.active
                image: cell.image
                fusionImage: cell.fusionImage
                progress: cell.progress
                showFusion: root.showFusion
                selected: root.selection.indexOf(cell.index) >= 0
                onClicked: root.selection = [cell.index]
                onSelectionToggled: (on) => root.toggle(cell.index, on)
                onCancelRequested: root.generation.cancelVariant(cell.index)
                onReuseSeedRequested: root.generation.reuseSeed(cell.index)
            }
        }
    }
}
