import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// Every generation made in the studio, newest first: search by product, shopper or copy, show
// only starred ones, reopen one into the variants grid (with its settings), star or delete it.
Pane {
    id: root

    required property GenerationHistoryStore store
    required property GenerationController generation

    padding: 8

    GenerationHistoryModel {
        id: history
        store: root.store
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        ErrorBanner {
            objectName: "historyError"
            Layout.fillWidth: true
            problem: history.error
            fix: history.errorFix
            onDismissed: history.clearError()
        }
        Label {
            Layout.fillWidth: true
            visible: root.store.interruptedAtOpen > 0
            wrapMode: Text.Wrap
            color: "#e67700"
            text: qsTr("%n generation(s) were interrupted when the studio last stopped; the variants finished before are kept.", "",
                       root.store.interruptedAtOpen)
        }
        RowLayout {
            Layout.fillWidth: true
            TextField {
                objectName: "historySearchField"
                Layout.fillWidth: true
                placeholderText: qsTr("Search products, shoppers and copy")
                onTextChanged: history.query = text
            }
            CheckBox {
                objectName: "starredOnlyBox"
                text: qsTr("Starred")
                onToggled: history.starredOnly = checked
            }
        }

        ListView {
            id: list
            objectName: "historyList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: history
            spacing: 2
            ScrollBar.vertical: ScrollBar {}
            Label {
                anchors.centerIn: parent
                visible: list.count === 0
                color: palette.placeholderText
                text: qsTr("No generations yet")
            }
            delegate: ItemDelegate {
                id: row
                required property int index
                required property var generationId
                required property var created
                required property string productName
                required property string shopperName
                required property int variantCount
                required property int finishedCount
                required property bool starred
                required property string state
                required property var firstVariantId
                required property var titles
                objectName: "historyRow" + index
                width: ListView.view.width
                onDoubleClicked: root.generation.reopen(generationId)
                contentItem: RowLayout {
                    spacing: 8
                    Image {
                        Layout.preferredWidth: 56
                        Layout.preferredHeight: 56
                        sourceSize: Qt.size(112, 112)
                        fillMode: Image.PreserveAspectFit
                        asynchronous: true
                        source: row.firstVariantId >= 0 ? "image://generations/" + row.firstVariantId : ""
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 0
                        Label {
                            Layout.fillWidth: true
                            text: row.productName + (row.shopperName !== "" ? " · " + row.shopperName : qsTr(" · no shopper"))
                            font.bold: true
                            elide: Text.ElideRight
                        }
                        Label {
                            Layout.fillWidth: true
                            text: row.titles.length > 0 ? row.titles[0] : ""
                            elide: Text.ElideRight
                            font.pixelSize: 11
                        }
                        Label {
                            Layout.fillWidth: true
                            font.pixelSize: 11
                            color: row.state === "interrupted" ? "#e67700" : "#495057"
                            text: Qt.formatDateTime(row.created, "yyyy-MM-dd hh:mm") + " · "
                                  + qsTr("%1 of %2 done").arg(row.finishedCount).arg(row.variantCount)
                                  + (row.state === "interrupted" ? qsTr(" · interrupted") : row.state === "running" ? qsTr(" · running") : "")
                        }
                    }
                    ToolButton {
                        objectName: "starGeneration" + row.index
                        text: row.starred ? "\u2605" : "\u2606"
                        font.pixelSize: 18
                        ToolTip.visible: hovered
                        ToolTip.text: row.starred ? qsTr("Unstar") : qsTr("Star")
                        onClicked: history.star(row.generationId, !row.starred)
                    }
                    ToolButton {
                        objectName: "reopenGeneration" + row.index
                        text: qsTr("Open")
                        enabled: !root.generation.running && row.state !== "running"
                        onClicked: root.generation.reopen(row.generationId)
                    }
                    ToolButton {
                        objectName: "deleteGeneration" + row.index
                        text: "\u2715"
                        enabled: row.state !== "running"
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Delete this generation")
                        onClicked: history.remove(row.generationId)
                    }
                }
            }
        }
    }
}
