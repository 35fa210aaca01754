import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// Edit the ordered selling points: edit in place, add, remove, move up/down (or Alt+Up/Down),
// and add a whole pasted list at once ("500 ml, steel; 保温，轻便").
ColumnLayout {
    id: root

    required property SellingPointsModel model
    signal pasteRequested()
    // Ctrl+Z / Ctrl+Shift+Z in the fields: the brief's history undoes list edits, not the
    // fields' own undo (which would only change the text shown, not the list).
    signal undoRequested()
    signal redoRequested()

    // Takes the brief's undo keys from a field. A field with typing not yet committed gets its
    // own undo, so Ctrl+Z first takes back what was just typed there.
    function routeUndoKeys(event, typingPending) {
        if (typingPending)
            return
        if (event.matches(StandardKey.Undo)) {
            root.undoRequested()
            event.accepted = true
        } else if (event.matches(StandardKey.Redo)) {
            root.redoRequested()
            event.accepted = true
        }
    }

    // Adds what is in the entry field; a list separated by commas or line breaks adds each item.
    function addFromEntry() {
        const added = root.model.appendFromText(entry.text)
        if (added > 0) {
            entry.clear()
            feedback.text = ""
        } else {
            feedback.text = entry.text.trim() === "" ? qsTr("Type a selling point first.")
                                                   : qsTr("That selling point is already listed.")
        }
    }

    spacing: 6

    Label {
        text: qsTr("Selling points (%1)").arg(root.model.count)
        font.bold: true
    }

    ListView {
        id: list
        objectName: "sellingPointsList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        Layout.minimumHeight: 120
        clip: true
        spacing: 4
        model: root.model
        ScrollBar.vertical: ScrollBar {}

        delegate: RowLayout {
            id: row
            required property int index
            required property string text
            width: ListView.view.width - 12
            spacing: 4

            Label {
                text: (row.index + 1) + "."
                Layout.preferredWidth: 22
                horizontalAlignment: Text.AlignRight
                color: "#868e96"
            }
            TextField {
                id: field
                objectName: "sellingPointField" + row.index
                Layout.fillWidth: true
                text: row.text
                selectByMouse: true
                onEditingFinished: {
                    if (field.text !== row.text && !root.model.setText(row.index, field.text)) {
                        // Blank or a repeat: put the stored text back.
                        field.text = Qt.binding(() => row.text)
                    }
                }
                Keys.onPressed: (event) => {
                    root.routeUndoKeys(event, field.text !== row.text)
                    if (event.accepted)
                        return
                    if (event.modifiers & Qt.AltModifier) {
                        if (event.key === Qt.Key_Up && root.model.move(row.index, row.index - 1))
                            event.accepted = true
                        else if (event.key === Qt.Key_Down && root.model.move(row.index, row.index + 1))
                            event.accepted = true
                    }
                }
            }
            ToolButton {
                objectName: "moveUp" + row.index
                text: "\u2191"
                enabled: row.index > 0
                Accessible.name: qsTr("Move up")
                onClicked: root.model.move(row.index, row.index - 1)
            }
            ToolButton {
                objectName: "moveDown" + row.index
                text: "\u2193"
                enabled: row.index < root.model.count - 1
                Accessible.name: qsTr("Move down")
                onClicked: root.model.move(row.index, row.index + 1)
            }
            ToolButton {
                objectName: "remove" + row.index
                text: "\u00d7"
                Accessible.name: qsTr("Remove")
                onClicked: root.model.remove(row.index)
            }
        }

        Label {
            anchors.centerIn: parent
            visible: root.model.count === 0
            text: qsTr("No selling points yet")
            color: "#868e96"
        }
    }

    RowLayout {
        Layout.fillWidth: true
        TextField {
            id: entry
            objectName: "newSellingPoint"
            Layout.fillWidth: true
            placeholderText: qsTr("Add a selling point, or a list separated by commas")
            selectByMouse: true
            onAccepted: root.addFromEntry()
            Keys.onPressed: (event) => root.routeUndoKeys(event, entry.text !== "")
        }
        Button {
            objectName: "addSellingPoint"
            text: qsTr("Add")
            onClicked: root.addFromEntry()
        }
        Button {
            objectName: "pasteSellingPoints"
            text: qsTr("Paste list")
            onClicked: root.pasteRequested()
        }
    }

    Label {
        id: feedback
        objectName: "sellingPointFeedback"
        visible: text !== ""
        color: "#c92a2a"
    }
}
