import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import AdGen.Studio

// The text half of the brief: selling points, the product's original title and description.
Pane {
    id: root

    required property BriefController brief

    // The fields' own undo would change the text shown behind the brief's back (and record the
    // change as a new edit); Ctrl+Z / Ctrl+Shift+Z in them undo the brief instead. Typing is
    // recorded as it happens, so the brief's undo takes back what was just typed, too.
    function routeUndoKeys(event) {
        if (event.matches(StandardKey.Undo)) {
            root.brief.undo()
            event.accepted = true
        } else if (event.matches(StandardKey.Redo)) {
            root.brief.redo()
            event.accepted = true
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        SellingPointsEditor {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 3
            model: root.brief.sellingPoints
            onPasteRequested: root.brief.pasteSellingPoints()
            onUndoRequested: root.brief.undo()
            onRedoRequested: root.brief.redo()
        }

        Label {
            text: qsTr("Original title")
            font.bold: true
        }
        TextField {
            objectName: "originalTitleField"
            Layout.fillWidth: true
            text: root.brief.originalTitle
            placeholderText: qsTr("The product's catalogue title")
            selectByMouse: true
            onTextEdited: root.brief.originalTitle = text
            Keys.onPressed: (event) => root.routeUndoKeys(event)
        }

        Label {
            text: qsTr("Description")
            font.bold: true
        }
        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredHeight: 2
            TextArea {
                objectName: "descriptionField"
                text: root.brief.description
                placeholderText: qsTr("What the product is, who it is for, what makes it different")
                wrapMode: TextEdit.Wrap
                selectByMouse: true
                background: Rectangle {
                    color: palette.base
                    border.color: parent.activeFocus ? palette.highlight : palette.mid
                    radius: 2
                }
                onTextChanged: if (text !== root.brief.description) root.brief.description = text
                Keys.onPressed: (event) => root.routeUndoKeys(event)
            }
        }
    }
}
