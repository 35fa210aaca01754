import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// "Same product, several shoppers, same seed": tick 2 to 8 shoppers, pick a seed, and each cell
// shows the ad made for one shopper, under a few of that shopper's clicks, so the designer (and
// the stakeholder) sees at a glance how the history changes the copy and the scene.
Pane {
    id: root

    required property ShopperGridController grid
    required property ProfileStore store
    property bool showFusion: false
    property var ticked: []

    padding: 6

    ShopperProfilesModel {
        id: profiles
        store: root.store
    }

    function toggle(id, on) {
        const rest = root.ticked.filter((t) => t !== id)
        root.ticked = on ? rest.concat([id]) : rest
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        ErrorBanner {
            objectName: "shopperGridError"
            Layout.fillWidth: true
            problem: root.grid.error
            fix: root.grid.errorFix
            onDismissed: root.grid.clearError()
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Shoppers (%1 ticked)").arg(root.ticked.length)
                font.bold: true
            }
            Item { Layout.fillWidth: true }
            Label { text: qsTr("Seed") }
            TextField {
                objectName: "shopperGridSeedField"
                Layout.preferredWidth: 110
                text: root.grid.seed
                validator: RegularExpressionValidator { regularExpression: /[0-9]{1,20}/ }
                onEditingFinished: root.grid.seed = text
            }
            Button {
                objectName: "generateShopperGridButton"
                text: qsTr("Generate grid")
                highlighted: true
                enabled: root.ticked.length >= 2 && root.ticked.length <= 8
                ToolTip.visible: hovered
                ToolTip.text: qsTr("One ad per ticked shopper, same product, same seed, same settings")
                onClicked: root.grid.generate(root.ticked)
            }
            Button {
                objectName: "cancelShopperGridButton"
                text: qsTr("Cancel")
                enabled: root.grid.running
                onClicked: root.grid.cancelAll()
            }
        }
        // The library's shoppers to tick (up to eight).
        Flow {
            Layout.fillWidth: true
            spacing: 4
            Repeater {
                model: profiles
                CheckBox {
                    required property int index
                    required property var profileId
                    required property string name
                    objectName: "gridShopper" + index
                    text: name
                    checked: root.ticked.indexOf(profileId) >= 0
                    enabled: checked || root.ticked.length < 8
                    onToggled: root.toggle(profileId, checked)
                }
            }
        }

        GridView {
            id: cellsView
            objectName: "shopperGridCells"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: root.grid.cells
            readonly property int columns: count <= 3 ? Math.max(count, 1) : 4
            cellWidth: Math.floor(width / columns)
            cellHeight: Math.max(Math.floor(height / Math.max(1, Math.ceil(count / columns))), Math.min(cellWidth * 1.4, 420))
            ScrollBar.vertical: ScrollBar {}
            Label {
                anchors.centerIn: parent
                width: parent.width * 0.7
                visible: cellsView.count === 0
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                color: palette.placeholderText
                text: qsTr("Tick two or more shoppers and press Generate grid: the same product and seed, one ad per shopper.")
            }
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
                required property string label
                readonly property var shopper: root.grid.shoppers[index]
                width: cellsView.cellWidth
                height: cellsView.cellHeight
                VariantCard {
                    objectName: "shopperGridCell" + cell.index
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
                    label: cell.label
                    showFusion: root.showFusion
                    selectable: false
                    itemPrefix: "shopperGrid"
                    onCancelRequested: root.grid.cancelCell(cell.index)
                    header: [
                        Repeater {
                            model: cell.shopper ? cell.shopper.clickIds : []
                            Image {
                                required property var modelData
                                Layout.preferredWidth: 32
                                Layout.preferredHeight: 32
                                sourceSize: Qt.size(64, 64)
                                fillMode: Image.PreserveAspectFit
                                asynchronous: true
                                source: "image://shopperclicks/" + modelData
                            }
                        },
                        Label {
                            Layout.fillWidth: true
                            text: cell.shopper ? cell.shopper.notes : ""
                            font.pixelSize: 11
                            color: "#495057"
                            elide: Text.ElideRight
                        }
                    ]
                }
            }
        }
    }
}
