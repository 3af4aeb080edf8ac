// The prompt library: every prompt the app can post, written for this project.
//
// IDs are permanent. Posted prompts are recorded by ID, so an ID must never be renumbered,
// reused or given to a different text. To retire a prompt, remove it and leave its ID unused;
// to add one, take the next free number in its category.
//
// Texts are plain text (no Slack markup, no emoji codes, no angle brackets or ampersands),
// at most 280 characters, optional in tone, and never ask anyone to answer.
import type { Category } from '../domain/types.js';

export interface PromptDef {
  readonly id: string;
  readonly category: Category;
  readonly text: string;
}

export const PROMPTS: readonly PromptDef[] = [
  // compassion
  {
    id: 'cmp-01',
    category: 'compassion',
    text: 'If a shift went sideways today, you might talk to yourself the way you would talk to a new colleague who made the same call: with patience, and with the context they had at the time.',
  },
  {
    id: 'cmp-02',
    category: 'compassion',
    text: 'After a mistake, it can help to keep what happened apart from who you are. You might name one thing you would do differently next time, then let that be enough for now.',
  },
  {
    id: 'cmp-03',
    category: 'compassion',
    text: "Families sometimes bring their fear to the nurses' station as anger. If it helps, you might picture the worry underneath it, and give yourself credit for staying steady in front of it.",
  },
  {
    id: 'cmp-04',
    category: 'compassion',
    text: 'Someone on your team may be carrying something you cannot see today. If you have a spare moment, a quiet check-in or a held door can say more than you think.',
  },
  {
    id: 'cmp-05',
    category: 'compassion',
    text: 'If you felt shaky, froze or raised your voice during a de-escalation, that was a human nervous system doing its job. You might let your body settle before deciding what it meant.',
  },
  {
    id: 'cmp-06',
    category: 'compassion',
    text: 'Think of a colleague who covered for you at some point. If you want, you might send a little of that same goodwill back toward yourself right now.',
  },
  {
    id: 'cmp-07',
    category: 'compassion',
    text: 'Some patients push hard against the people trying to help them. If today was one of those days, you might hold both things at once: their distress was real, and so is your tiredness.',
  },
  {
    id: 'cmp-08',
    category: 'compassion',
    text: 'Handover can be a generous moment. If it feels right, you might pass on one thing the next shift will be glad to know, and quietly note one thing you did well that nobody saw.',
  },
  {
    id: 'cmp-09',
    category: 'compassion',
    text: 'If a hard moment keeps replaying, you might pause and ask what you would say to a teammate who told you this same story. That answer may be worth hearing yourself.',
  },
  {
    id: 'cmp-10',
    category: 'compassion',
    text: 'Techs, night staff, peer supporters, the person who restocks the supply room: every role holds part of the work. You might notice one person whose effort usually goes unmentioned.',
  },
  {
    id: 'cmp-11',
    category: 'compassion',
    text: 'Caring for someone who did not want care today is heavy. If it helps, you might rest a hand on your chest or shoulder for one breath, as a small sign that you are on your own side.',
  },
  {
    id: 'cmp-12',
    category: 'compassion',
    text: 'You do not have to feel warm toward everyone to act with compassion. Showing up, being fair and keeping people safe already counts, even on a flat, tired day.',
  },
  {
    id: 'cmp-13',
    category: 'compassion',
    text: 'When a colleague snaps, it is often exhaustion talking. If you have room for it, you might give them the benefit of the doubt you would hope for on your own worst shift.',
  },
  {
    id: 'cmp-14',
    category: 'compassion',
    text: "If a patient's story stayed with you after you left the room, that is a sign of how much you care. You might let it be there for a moment, then gently set it down for now.",
  },
  {
    id: 'cmp-15',
    category: 'compassion',
    text: 'New staff are learning a hard job fast. If you remember your own first weeks, you might offer one small tip or a kind word to someone still finding their feet.',
  },
  {
    id: 'cmp-16',
    category: 'compassion',
    text: 'Being kind to yourself after a rough shift is not lowering the bar. It is part of how people keep doing hard work for years. You might try a little of it before you head out.',
  },

  // mindfulness
  {
    id: 'mnd-01',
    category: 'mindfulness',
    text: 'Next time you wash or gel your hands, you might let it be one slow breath: in as you start, out as you rub your palms together. Clean hands, and maybe a slightly clearer head.',
  },
  {
    id: 'mnd-02',
    category: 'mindfulness',
    text: 'Before you step into the next room, if it helps, notice your feet on the floor. Heels, toes, the weight of you. Then go in when you are ready.',
  },
  {
    id: 'mnd-03',
    category: 'mindfulness',
    text: 'You might take one breath that is a little longer on the way out than on the way in. Just one. Then notice whether anything in your shoulders changed.',
  },
  {
    id: 'mnd-04',
    category: 'mindfulness',
    text: "Right where you are, you might name three things you can hear: a monitor, a door, someone's voice. Nothing to do with them, just noticing.",
  },
  {
    id: 'mnd-05',
    category: 'mindfulness',
    text: 'While the chart loads, you might let your hands rest still for a moment and feel the keyboard or the desk under your fingers, cool or warm, smooth or worn.',
  },
  {
    id: 'mnd-06',
    category: 'mindfulness',
    text: 'After a hard call, if you have thirty seconds, you might press your palms together firmly, hold for one breath, then let them go. Notice what is here now.',
  },
  {
    id: 'mnd-07',
    category: 'mindfulness',
    text: 'Walking down the corridor, you might feel each step land, left and right, for the length of a few doors. The walk is happening anyway; this just brings you along.',
  },
  {
    id: 'mnd-08',
    category: 'mindfulness',
    text: 'If your jaw is clenched, you might let your teeth part slightly and your tongue rest. Tension often sits there quietly through a long shift.',
  },
  {
    id: 'mnd-09',
    category: 'mindfulness',
    text: 'Before you pick up the phone or open the next message, you might pause for one breath and check in with yourself first, before someone else needs something from you.',
  },
  {
    id: 'mnd-10',
    category: 'mindfulness',
    text: 'Holding a cup of water or coffee, you might notice its warmth or coolness in your hands for a few seconds before you drink. A tiny pause that asks nothing of you.',
  },
  {
    id: 'mnd-11',
    category: 'mindfulness',
    text: 'Screens and charts keep your eyes close all shift. You might look out of the nearest window, or at the far end of the room, and let your gaze soften for a breath.',
  },
  {
    id: 'mnd-12',
    category: 'mindfulness',
    text: 'If it helps, you might let your shoulders drop away from your ears on the next out-breath. If they creep back up later, that is fine too; you can notice again.',
  },
  {
    id: 'mnd-13',
    category: 'mindfulness',
    text: 'At the start of handover, you might take one unhurried breath, together as a team or just on your own. A shared pause can make the next few minutes feel less rushed.',
  },
  {
    id: 'mnd-14',
    category: 'mindfulness',
    text: "Standing at the med cart or the nurses' station, you might notice where your body touches something: feet on the floor, a hand on the counter. Three points of contact is plenty.",
  },
  {
    id: 'mnd-15',
    category: 'mindfulness',
    text: 'If your mind is already three tasks ahead, you might quietly name the one task in front of you right now. Just this one, then the next.',
  },
  {
    id: 'mnd-16',
    category: 'mindfulness',
    text: 'Before you start the walk or the drive home, you might pause and notice the air on your face. The shift is over, even if your mind has not caught up yet.',
  },

  // self-care
  {
    id: 'slf-01',
    category: 'self-care',
    text: 'When did you last have some water? If it has been a while, you might take a few sips now. Small things still count on a long shift.',
  },
  {
    id: 'slf-02',
    category: 'self-care',
    text: 'If you skipped your break again, you are far from alone, and it is not a personal failing. You might look for even five minutes later, and ask a teammate to cover if you can.',
  },
  {
    id: 'slf-03',
    category: 'self-care',
    text: "Being asked to pick up an extra shift is not the same as having to. If you are running low, 'I can't this time' is allowed to be the whole reply.",
  },
  {
    id: 'slf-04',
    category: 'self-care',
    text: 'After a run of nights, sleep can feel upside down. If it helps, you might protect your first hours at home: a dark room, the phone in another room, chores left for later.',
  },
  {
    id: 'slf-05',
    category: 'self-care',
    text: 'If you have been living on vending machine snacks all week, that is what long shifts do. You might pack or pick up one thing tomorrow that feels like a real meal.',
  },
  {
    id: 'slf-06',
    category: 'self-care',
    text: 'Burnout often arrives quietly: dreading the schedule, feeling numb, snapping at home. If any of that sounds familiar, you might mention it to someone you trust.',
  },
  {
    id: 'slf-07',
    category: 'self-care',
    text: 'Your needs do not disappear because the unit is busy. If you can, you might take care of one of them now, even if it is the bathroom trip you have been putting off.',
  },
  {
    id: 'slf-08',
    category: 'self-care',
    text: 'Before driving home after a night shift, you might check in honestly: am I alert enough? If not, a short rest before you set off is a sensible choice, not a weak one.',
  },
  {
    id: 'slf-09',
    category: 'self-care',
    text: 'Leaving work at work is hard in this job. If it helps, you might pick a small marker, like taking off your badge or changing your shoes, that tells you the shift is done.',
  },
  {
    id: 'slf-10',
    category: 'self-care',
    text: 'You might think of one thing you used to enjoy outside work that has slipped lately. No plan needed; just notice that it mattered to you.',
  },
  {
    id: 'slf-11',
    category: 'self-care',
    text: 'If you have said yes to everyone today, you might save one small yes for yourself: a quiet lunch, an earlier night, a walk without your phone.',
  },
  {
    id: 'slf-12',
    category: 'self-care',
    text: 'Rest is part of doing this work well, not a prize you have to earn. If you have a day off coming, you might let it be a real day off.',
  },
  {
    id: 'slf-13',
    category: 'self-care',
    text: 'If your body has been sending signals, a sore back, a tight chest, a headache that lingers, you might give it some attention today instead of pushing past it one more time.',
  },
  {
    id: 'slf-14',
    category: 'self-care',
    text: 'Boundaries can be small: finishing your notes before answering one more text, or leaving the work chat closed on your day off. You might choose one that fits this week.',
  },
  {
    id: 'slf-15',
    category: 'self-care',
    text: 'If you get a few minutes away, you might let a colleague know and then truly step away. The work will still be there when you come back, and so will your team.',
  },
  {
    id: 'slf-16',
    category: 'self-care',
    text: 'Asking for help with a heavy assignment is a skill, not a weakness. If today feels like too much, you might tell your charge nurse or lead what would make it manageable.',
  },

  // gratitude
  {
    id: 'grt-01',
    category: 'gratitude',
    text: 'If you want, you might name three good things from this shift, however small: a joke at handover, a warm drink, a patient who finally slept.',
  },
  {
    id: 'grt-02',
    category: 'gratitude',
    text: 'Think of a colleague who helped you recently, by covering, answering a question or just noticing you. You might let them know, or simply enjoy the memory.',
  },
  {
    id: 'grt-03',
    category: 'gratitude',
    text: 'Did a patient or a family member say thank you lately? If one comes to mind, you might let it land for a moment. That thanks was meant for you.',
  },
  {
    id: 'grt-04',
    category: 'gratitude',
    text: 'You might notice one thing that went right today that nobody will ever chart: a calm conversation, a door held open, a crisis that never happened.',
  },
  {
    id: 'grt-05',
    category: 'gratitude',
    text: 'Is there a small comfort at work you rely on? A favorite mug, a pen that works, the quiet corner by the window. You might appreciate it for a second.',
  },
  {
    id: 'grt-06',
    category: 'gratitude',
    text: 'Somebody restocked, cleaned, fixed or prepared something that made your shift easier. If you know who it was, you might pass on a quick thank you.',
  },
  {
    id: 'grt-07',
    category: 'gratitude',
    text: 'If it feels right, you might recall a moment this week when a patient took a step forward, even a tiny one. Your care was part of what made room for it.',
  },
  {
    id: 'grt-08',
    category: 'gratitude',
    text: 'On the way home, you might think of one person who made the shift lighter. You do not have to tell them; noticing is enough.',
  },
  {
    id: 'grt-09',
    category: 'gratitude',
    text: 'You might remember a time someone on this team had your back when things got tense. That kind of trust builds slowly, and you are part of it too.',
  },
  {
    id: 'grt-10',
    category: 'gratitude',
    text: 'Is there something your body let you do today? Walk the unit, lift, listen, stay steady. You might offer it a quiet thanks.',
  },
  {
    id: 'grt-11',
    category: 'gratitude',
    text: 'If it helps, you might notice one thing you are looking forward to after this shift, however ordinary: a shower, a meal, your own bed.',
  },
  {
    id: 'grt-12',
    category: 'gratitude',
    text: 'Think of a mentor or senior colleague who taught you something you still use. You might take a moment to appreciate what they passed on.',
  },
  {
    id: 'grt-13',
    category: 'gratitude',
    text: 'A shared laugh in the staff room can carry a team through a long night. If there was one lately, you might let yourself smile at it again.',
  },
  {
    id: 'grt-14',
    category: 'gratitude',
    text: 'You might notice one skill you have now that you did not have when you started this work. That growth happened one shift at a time.',
  },
  {
    id: 'grt-15',
    category: 'gratitude',
    text: 'If a handover went smoothly today, you might appreciate the person who gave it. Clear notes and a calm voice make a real difference to the next shift.',
  },
  {
    id: 'grt-16',
    category: 'gratitude',
    text: 'Before you log off, you might note, on paper or just in your head, one good moment from today. On hard weeks, those small notes can be worth coming back to.',
  },
  // after a hard event: grounding, cover and calm, peer support, permission to step away
  {
    id: 'aft-01',
    category: 'after-event',
    text: 'Something hard happened on the unit. If you can, you might feel both feet on the floor and let one slow breath out take as long as it needs. The next task can wait that long.',
  },
  {
    id: 'aft-02',
    category: 'after-event',
    text: 'After an incident the body often stays on alert for a while. A racing heart or shaky hands are not a sign you did anything wrong. You might let them settle before you judge how you are.',
  },
  {
    id: 'aft-03',
    category: 'after-event',
    text: 'If a colleague was closest to what happened, you might offer to cover their patients for ten minutes so they can step off the floor. Cover first, then calm: the work is held while they breathe.',
  },
  {
    id: 'aft-04',
    category: 'after-event',
    text: 'You are allowed to step away for a few minutes after something like this. If someone can hold your patients, a glass of water and a quiet corridor are part of doing this job well.',
  },
  {
    id: 'aft-05',
    category: 'after-event',
    text: 'You might name five things you can see from where you stand: a chart, a window, a chair, a hand, a clock. It is a small way of letting your mind know where, and when, you are.',
  },
  {
    id: 'aft-06',
    category: 'after-event',
    text: 'Hard events land differently on each person. Someone who seems fine may not be, and someone who is upset may just need company. A quiet how are you doing, with time to listen, can be enough.',
  },
  {
    id: 'aft-07',
    category: 'after-event',
    text: 'If you are the one holding the floor while others recover, that is real care too. You might check in with yourself when the moment passes, and let someone cover you in turn.',
  },
  {
    id: 'aft-08',
    category: 'after-event',
    text: 'There is no right way to feel after what happened. Numb, angry, sad, oddly calm: all of them are common. You might let whatever is here be here for a moment, without having to explain it.',
  },
  {
    id: 'aft-09',
    category: 'after-event',
    text: 'You might press your back against a wall or the back of a chair and notice it holding you up. For one breath, you do not have to hold everything yourself.',
  },
  {
    id: 'aft-10',
    category: 'after-event',
    text: 'When things are calmer, a short huddle can help: what happened, what went well, what each person needs now. It is not about blame; it is about nobody carrying it home alone.',
  },
  {
    id: 'aft-11',
    category: 'after-event',
    text: 'If your thoughts keep replaying what happened, you might give them somewhere to go: a few words on paper, or a colleague you trust. Later, support services are there for this too.',
  },
  {
    id: 'aft-12',
    category: 'after-event',
    text: 'Before the next handover, you might check who was there and who has not had a break since. A cup of tea brought to someone, or a turn on the floor, can say we have you.',
  },
  {
    id: 'aft-13',
    category: 'after-event',
    text: 'Cold water on your wrists or face, a slow sip, the feel of the cup in your hand. Small things like these can help the nervous system come down after a spike.',
  },
  {
    id: 'aft-14',
    category: 'after-event',
    text: 'It can feel selfish to rest while the unit is still busy. Taking a few minutes now is what lets you keep caring for others later, and it shows your team that they may do the same.',
  },
];
